//! Arguments of a late-bound call: what callers pass ([`IntoArgs`]) and the DISPPARAMS
//! they become (`Packed`: reverse order, named ones first, on the stack for small calls).

use crate::interfaces::DISPPARAMS;
use crate::variant::*;
use crate::{Result, Variant};
use core::fmt;
use core::mem::MaybeUninit;

/// True for values a VARIANT holds without owning anything: numbers, dates, booleans,
/// error codes, DECIMAL, and every by-reference value (the caller's storage).
fn owns_nothing(vt: u16) -> bool {
    vt & VT_BYREF != 0
        || matches!(
            vt,
            VT_EMPTY
                | VT_NULL
                | VT_I1
                | VT_I2
                | VT_I4
                | VT_I8
                | VT_UI1
                | VT_UI2
                | VT_UI4
                | VT_UI8
                | VT_INT
                | VT_UINT
                | VT_R4
                | VT_R8
                | VT_CY
                | VT_DATE
                | VT_BOOL
                | VT_ERROR
                | VT_DECIMAL
        )
}

/// What goes into `rgvarg` for `value`: its bits when it owns nothing, else a copy of our
/// own (VariantCopy). An `[in]` argument is the caller's, yet some callees convert one in
/// place (VariantChangeType on `rgvarg`); with a copy that frees ours, never the caller's
/// string or object. [`release`] frees what is in the slots after the call.
fn pass(value: &Variant) -> Result<VARIANT> {
    if owns_nothing(value.vt()) {
        Ok(*value.as_raw())
    } else {
        value.try_clone().map(Variant::into_raw)
    }
}

/// Frees the first `count` slots of a partly filled array (a copy failed).
///
/// # Safety
/// `values` must hold `count` initialised VARIANTs made by [`pass`].
unsafe fn release_first(values: *mut VARIANT, count: usize) {
    let params = DISPPARAMS {
        rgvarg: values,
        rgdispidNamedArgs: core::ptr::null_mut(),
        cArgs: count as u32,
        cNamedArgs: 0,
    };
    // SAFETY: the caller's promise.
    unsafe { release(&params) };
}

/// Frees what the `rgvarg` slots own after a call (our copies, or what a callee put in
/// their place).
///
/// # Safety
/// `params` must come from `fill`/`fill_positional` and not have been released yet.
pub(crate) unsafe fn release(params: &DISPPARAMS) {
    for k in 0..params.cArgs as usize {
        // SAFETY: `rgvarg` holds `cArgs` initialised VARIANTs (the caller's promise).
        let slot = unsafe { &mut *params.rgvarg.add(k) };
        if !owns_nothing(slot.vt) {
            // SAFETY: a VARIANT this call owns: taking it into a Variant frees it.
            drop(unsafe { Variant::from_raw(*slot) });
            slot.vt = VT_EMPTY;
        }
    }
}

/// The positional arguments of a late-bound call.
///
/// Implemented for tuples of up to 8 values that convert into a [`Variant`] (`()` for no
/// arguments, `(x,)` for one), for arrays, slices and vectors of `Variant`. A tuple's
/// values live on the stack: passing integers allocates nothing.
///
/// ```
/// use comtypes::{dispatch::IntoArgs, Variant};
/// use comtypes::dispatch::Arguments;
/// let args = (1, "two", 3.0).into_args();
/// assert_eq!(args.len(), 3);
/// assert_eq!(String::try_from(args.get(1).unwrap()).unwrap(), "two");
/// let omitted = (1, Variant::missing()).into_args();
/// assert!(omitted.get(1).unwrap().is_missing());
/// let list = vec![Variant::from(1), Variant::from(2)];
/// assert_eq!((&list).into_args().len(), 2);
/// ```
pub trait IntoArgs {
    /// The arguments, left to right.
    type Args: Arguments;
    /// Converts the values.
    fn into_args(self) -> Self::Args;
}

/// Positional arguments ready for a call ([`IntoArgs::Args`]).
///
/// Arguments the call owns (a tuple's values, an array or `Vec` given by value) go to
/// the callee where they are, last to first as DISPPARAMS wants them (a tuple's are
/// built in that order); borrowed ones (a slice) as copies of our own, so a callee that
/// converts an `[in]` argument in place never frees the caller's string or object.
pub trait Arguments {
    /// How many arguments.
    fn len(&self) -> usize;
    /// True when there are none.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The argument at `index`, counted left to right.
    fn get(&self, index: usize) -> Option<&Variant>;
    /// The values as the call passes them (arrays and vectors are reordered in place:
    /// `get` no longer reads left to right afterwards).
    #[doc(hidden)]
    fn for_call(&mut self) -> ForCall<'_>;
}

/// How [`Arguments`] reach the callee.
#[doc(hidden)]
pub enum ForCall<'a> {
    /// Owned by the call, in call order (last to first): handed over in place.
    Owned(&'a mut [Variant]),
    /// Borrowed, left to right: copies travel.
    Borrowed(&'a [Variant]),
}

impl Arguments for &[Variant] {
    fn len(&self) -> usize {
        <[Variant]>::len(self)
    }
    fn get(&self, index: usize) -> Option<&Variant> {
        <[Variant]>::get(self, index)
    }
    fn for_call(&mut self) -> ForCall<'_> {
        ForCall::Borrowed(self)
    }
}

impl<const N: usize> Arguments for [Variant; N] {
    fn len(&self) -> usize {
        N
    }
    fn get(&self, index: usize) -> Option<&Variant> {
        <[Variant]>::get(self, index)
    }
    #[inline(always)]
    fn for_call(&mut self) -> ForCall<'_> {
        self.reverse();
        ForCall::Owned(self)
    }
}

impl Arguments for Vec<Variant> {
    fn len(&self) -> usize {
        Vec::len(self)
    }
    fn get(&self, index: usize) -> Option<&Variant> {
        <[Variant]>::get(self, index)
    }
    #[inline(always)]
    fn for_call(&mut self) -> ForCall<'_> {
        self.reverse();
        ForCall::Owned(self)
    }
}

/// A tuple's values as [`Arguments`]: stored last to first, where the callee reads them
/// (no reordering and no copy on the call path).
pub struct TupleArgs<const N: usize>([Variant; N]);

impl<const N: usize> Arguments for TupleArgs<N> {
    fn len(&self) -> usize {
        N
    }
    fn get(&self, index: usize) -> Option<&Variant> {
        (index < N).then(|| &self.0[N - 1 - index])
    }
    #[inline(always)]
    fn for_call(&mut self) -> ForCall<'_> {
        ForCall::Owned(&mut self.0)
    }
}

impl<const N: usize> fmt::Debug for TupleArgs<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.0.iter().rev()).finish()
    }
}

impl<'a> IntoArgs for &'a [Variant] {
    type Args = &'a [Variant];
    fn into_args(self) -> &'a [Variant] {
        self
    }
}

impl<'a, const N: usize> IntoArgs for &'a [Variant; N] {
    type Args = &'a [Variant];
    fn into_args(self) -> &'a [Variant] {
        self
    }
}

impl<const N: usize> IntoArgs for [Variant; N] {
    type Args = [Variant; N];
    #[inline(always)]
    fn into_args(self) -> [Variant; N] {
        self
    }
}

impl IntoArgs for Vec<Variant> {
    type Args = Vec<Variant>;
    fn into_args(self) -> Vec<Variant> {
        self
    }
}

impl<'a> IntoArgs for &'a Vec<Variant> {
    type Args = &'a [Variant];
    fn into_args(self) -> &'a [Variant] {
        self
    }
}

macro_rules! tuple_args {
    ($($n:literal: ($($t:ident),*) built as ($($r:ident),*);)*) => {$(
        impl<$($t: Into<Variant>),*> IntoArgs for ($($t,)*) {
            type Args = TupleArgs<$n>;
            #[allow(non_snake_case)]
            #[inline(always)]
            fn into_args(self) -> TupleArgs<$n> {
                let ($($t,)*) = self;
                TupleArgs([$($r.into()),*])
            }
        }
    )*};
}

tuple_args! {
    0: () built as ();
    1: (A) built as (A);
    2: (A, B) built as (B, A);
    3: (A, B, C) built as (C, B, A);
    4: (A, B, C, D) built as (D, C, B, A);
    5: (A, B, C, D, E) built as (E, D, C, B, A);
    6: (A, B, C, D, E, F) built as (F, E, D, C, B, A);
    7: (A, B, C, D, E, F, G) built as (G, F, E, D, C, B, A);
    8: (A, B, C, D, E, F, G, H) built as (H, G, F, E, D, C, B, A);
}

/// How many arguments fit in `Packed`'s inline storage (larger calls use the heap).
const INLINE: usize = 8;

/// The VARIANT array and named-argument DISPIDs of one `Invoke`, laid out as DISPPARAMS
/// wants them: the named arguments first (in the order of their DISPIDs), then the
/// positional ones last to first.
///
/// Values that own nothing (numbers, dates, by-reference values: `[in, out]` arguments
/// are written through their `VT_BYREF` pointers) travel as bitwise copies; strings,
/// objects and arrays as copies of our own (see [`pass`]), freed by [`release`] after the
/// call. So packing numbers never allocates for up to [`INLINE`] arguments. The inline
/// storage is left uninitialised until filled, and `Packed` is filled where it lives (no
/// move of its few hundred bytes on the call path).
pub(crate) struct Packed {
    inline: [MaybeUninit<VARIANT>; INLINE],
    inline_ids: [MaybeUninit<i32>; INLINE],
    heap: Vec<VARIANT>,
    heap_ids: Vec<i32>,
}

impl Packed {
    /// Empty storage.
    #[inline(always)]
    pub(crate) fn new() -> Packed {
        Packed {
            inline: [MaybeUninit::uninit(); INLINE],
            inline_ids: [MaybeUninit::uninit(); INLINE],
            heap: Vec::new(),
            heap_ids: Vec::new(),
        }
    }

    /// Packs `positional` (left to right) and `named` (DISPID and value), and returns
    /// the DISPPARAMS over the storage (valid while `self` is neither moved nor dropped,
    /// nor filled again).
    #[inline(always)]
    pub(crate) fn fill<'v>(
        &mut self,
        positional: &[Variant],
        named: impl ExactSizeIterator<Item = (i32, &'v Variant)>,
    ) -> Result<DISPPARAMS> {
        let named_count = named.len();
        let count = named_count + positional.len();
        let (values, ids): (*mut VARIANT, *mut i32) = if count <= INLINE {
            let (values, ids) = (
                &mut self.inline[..count],
                &mut self.inline_ids[..named_count],
            );
            let sources = named
                .map(|(id, value)| (Some(id), value))
                .chain(positional.iter().rev().map(|value| (None, value)));
            for (i, (id, value)) in sources.enumerate() {
                if let Some(id) = id {
                    ids[i] = MaybeUninit::new(id);
                }
                match pass(value) {
                    Ok(v) => values[i] = MaybeUninit::new(v),
                    Err(e) => {
                        // SAFETY: the first `i` slots were written above.
                        unsafe { release_first(values.as_mut_ptr().cast(), i) };
                        return Err(e);
                    }
                }
            }
            (values.as_mut_ptr().cast(), ids.as_mut_ptr().cast())
        } else {
            self.heap.clear();
            self.heap_ids.clear();
            let sources = named
                .map(|(id, value)| (Some(id), value))
                .chain(positional.iter().rev().map(|value| (None, value)));
            for (id, value) in sources {
                if let Some(id) = id {
                    self.heap_ids.push(id);
                }
                match pass(value) {
                    Ok(v) => self.heap.push(v),
                    Err(e) => {
                        let filled = self.heap.len();
                        // SAFETY: the heap holds `filled` initialised VARIANTs.
                        unsafe { release_first(self.heap.as_mut_ptr(), filled) };
                        self.heap.clear();
                        return Err(e);
                    }
                }
            }
            (self.heap.as_mut_ptr(), self.heap_ids.as_mut_ptr())
        };
        // Every element below `count` (and below `named_count` for the DISPIDs) was
        // written above, so the pointers address initialised arrays of those lengths.
        Ok(DISPPARAMS {
            rgvarg: if count == 0 {
                core::ptr::null_mut()
            } else {
                values
            },
            rgdispidNamedArgs: if named_count == 0 {
                core::ptr::null_mut()
            } else {
                ids
            },
            cArgs: count as u32,
            cNamedArgs: named_count as u32,
        })
    }
}

/// How many positional arguments [`fill_positional`] takes.
pub(crate) const INLINE_ARGS: usize = INLINE;

/// The DISPPARAMS of a call with positional arguments only, at most [`INLINE_ARGS`]:
/// copies of them (see [`pass`]), last first, in `storage` (valid while it is neither moved
/// nor dropped). What `Packed::fill` does for that case, without its heap fallback.
#[inline(always)]
pub(crate) fn fill_positional(
    storage: &mut MaybeUninit<[VARIANT; INLINE]>,
    positional: &[Variant],
) -> Result<DISPPARAMS> {
    let count = positional.len().min(INLINE);
    let values = storage.as_mut_ptr().cast::<VARIANT>();
    for (k, value) in positional[..count].iter().rev().enumerate() {
        match pass(value) {
            // SAFETY: `k < count <= INLINE`, within the array.
            Ok(v) => unsafe { values.add(k).write(v) },
            Err(e) => {
                // SAFETY: the first `k` slots were written.
                unsafe { release_first(values, k) };
                return Err(e);
            }
        }
    }
    Ok(DISPPARAMS {
        rgvarg: if count == 0 {
            core::ptr::null_mut()
        } else {
            values
        },
        rgdispidNamedArgs: core::ptr::null_mut(),
        cArgs: count as u32,
        cNamedArgs: 0,
    })
}

/// Where the argument at `index` of DISPPARAMS' `rgvarg` came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ArgSlot {
    /// The n-th named argument (0-based, in the order given).
    Named(usize),
    /// The n-th positional argument (0-based, left to right).
    Positional(usize),
}

/// Maps `rgvarg`'s index (what `puArgErr` reports) back to the caller's argument.
pub(crate) fn slot_of(index: u32, count: usize, named: usize) -> Option<ArgSlot> {
    let index = index as usize;
    if index >= count {
        None
    } else if index < named {
        Some(ArgSlot::Named(index))
    } else {
        Some(ArgSlot::Positional(count - 1 - index))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positional_arguments_are_reversed_after_the_named_ones() {
        let args = [Variant::from(1), Variant::from(2), Variant::from(3)];
        let key = Variant::from(9);
        let mut packed = Packed::new();
        let p = packed.fill(&args, [(-3, &key)].into_iter()).unwrap();
        assert_eq!((p.cArgs, p.cNamedArgs), (4, 1));
        // SAFETY: 4 VARIANTs and 1 DISPID, as the counts say.
        let (values, ids) = unsafe {
            (
                core::slice::from_raw_parts(p.rgvarg, 4),
                core::slice::from_raw_parts(p.rgdispidNamedArgs, 1),
            )
        };
        // SAFETY: all four are VT_I4.
        let ints: Vec<i32> = values.iter().map(|v| unsafe { v.data.lVal }).collect();
        assert_eq!(ints, [9, 3, 2, 1]);
        assert_eq!(ids, [-3]);
        assert_eq!(slot_of(0, 4, 1), Some(ArgSlot::Named(0)));
        assert_eq!(slot_of(1, 4, 1), Some(ArgSlot::Positional(2)));
        assert_eq!(slot_of(3, 4, 1), Some(ArgSlot::Positional(0)));
        assert_eq!(slot_of(4, 4, 1), None);
    }

    #[test]
    fn many_arguments_go_to_the_heap_in_the_same_order() {
        let args: Vec<Variant> = (0..20).map(Variant::from).collect();
        let mut packed = Packed::new();
        let p = packed.fill(&args, core::iter::empty()).unwrap();
        assert_eq!((p.cArgs, p.cNamedArgs), (20, 0));
        assert!(p.rgdispidNamedArgs.is_null());
        // SAFETY: 20 VARIANTs, all VT_I4.
        let first = unsafe { (*p.rgvarg).data.lVal };
        assert_eq!(first, 19);
    }

    #[test]
    fn strings_travel_as_our_own_copies_and_are_released() {
        let args = [Variant::from("caller's"), Variant::from(7)];
        let mut packed = Packed::new();
        let p = packed.fill(&args, core::iter::empty()).unwrap();
        // SAFETY: 2 VARIANTs: the last argument (VT_I4) first, then the BSTR.
        let (int, text) = unsafe { (*p.rgvarg, *p.rgvarg.add(1)) };
        assert_eq!(int.vt, VT_I4);
        assert_eq!(text.vt, VT_BSTR);
        // SAFETY: both are VT_BSTR: compare the string pointers.
        let (ours, theirs) = unsafe { (text.data.ptr, args[0].as_raw().data.ptr) };
        assert_ne!(
            ours, theirs,
            "a callee that frees an [in] string frees our copy"
        );
        // SAFETY: filled above, released once.
        unsafe { release(&p) };
        // SAFETY: the slot was emptied by release.
        assert_eq!(unsafe { (*p.rgvarg.add(1)).vt }, VT_EMPTY);
        assert_eq!(String::try_from(&args[0]).unwrap(), "caller's");
    }

    #[test]
    fn no_arguments_give_null_arrays() {
        let mut packed = Packed::new();
        let p = packed.fill(&[], core::iter::empty()).unwrap();
        assert!(p.rgvarg.is_null() && p.rgdispidNamedArgs.is_null());
        assert_eq!((p.cArgs, p.cNamedArgs), (0, 0));
    }
}
