//! Arguments of a late-bound call: what callers pass ([`IntoArgs`]) and the DISPPARAMS
//! they become (`Packed`: reverse order, named ones first, on the stack for small calls).

use crate::interfaces::DISPPARAMS;
use crate::variant::VARIANT;
use crate::Variant;
use core::mem::MaybeUninit;

/// The positional arguments of a late-bound call.
///
/// Implemented for tuples of up to 8 values that convert into a [`Variant`] (`()` for no
/// arguments, `(x,)` for one), for arrays, slices and vectors of `Variant`. A tuple's
/// values live on the stack: passing integers allocates nothing.
///
/// ```
/// use comtypes::{dispatch::IntoArgs, Variant};
/// let args = (1, "two", 3.0).into_args();
/// assert_eq!(args.as_ref().len(), 3);
/// assert_eq!(String::try_from(&args.as_ref()[1]).unwrap(), "two");
/// let omitted = (1, Variant::missing()).into_args();
/// assert!(omitted.as_ref()[1].is_missing());
/// let list = vec![Variant::from(1), Variant::from(2)];
/// assert_eq!((&list).into_args().as_ref().len(), 2);
/// ```
pub trait IntoArgs {
    /// The arguments, left to right.
    type Args: AsRef<[Variant]>;
    /// Converts the values.
    fn into_args(self) -> Self::Args;
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
    ($($n:literal: ($($t:ident),*);)*) => {$(
        impl<$($t: Into<Variant>),*> IntoArgs for ($($t,)*) {
            type Args = [Variant; $n];
            #[allow(non_snake_case)]
            fn into_args(self) -> [Variant; $n] {
                let ($($t,)*) = self;
                [$($t.into()),*]
            }
        }
    )*};
}

tuple_args! {
    0: ();
    1: (A);
    2: (A, B);
    3: (A, B, C);
    4: (A, B, C, D);
    5: (A, B, C, D, E);
    6: (A, B, C, D, E, F);
    7: (A, B, C, D, E, F, G);
    8: (A, B, C, D, E, F, G, H);
}

/// How many arguments fit in `Packed`'s inline storage (larger calls use the heap).
const INLINE: usize = 8;

/// The VARIANT array and named-argument DISPIDs of one `Invoke`, laid out as DISPPARAMS
/// wants them: the named arguments first (in the order of their DISPIDs), then the
/// positional ones last to first.
///
/// The VARIANTs are bitwise copies of the caller's [`Variant`]s, which keep ownership:
/// `Invoke`'s callee reads `[in]` arguments without freeing them, and writes `[in, out]`
/// ones through their `VT_BYREF` pointers. So packing never allocates for up to
/// [`INLINE`] arguments, and never copies a string. The inline storage is left
/// uninitialised until filled, and `Packed` is filled where it lives (no move of its
/// few hundred bytes on the call path).
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
    ) -> DISPPARAMS {
        let named_count = named.len();
        let count = named_count + positional.len();
        let (values, ids): (*mut VARIANT, *mut i32) = if count <= INLINE {
            let (values, ids) = (
                &mut self.inline[..count],
                &mut self.inline_ids[..named_count],
            );
            for (i, (id, value)) in named.enumerate() {
                ids[i] = MaybeUninit::new(id);
                values[i] = MaybeUninit::new(*value.as_raw());
            }
            for (slot, value) in values[named_count..]
                .iter_mut()
                .zip(positional.iter().rev())
            {
                *slot = MaybeUninit::new(*value.as_raw());
            }
            (values.as_mut_ptr().cast(), ids.as_mut_ptr().cast())
        } else {
            self.heap.clear();
            self.heap_ids.clear();
            for (id, value) in named {
                self.heap_ids.push(id);
                self.heap.push(*value.as_raw());
            }
            self.heap
                .extend(positional.iter().rev().map(|value| *value.as_raw()));
            (self.heap.as_mut_ptr(), self.heap_ids.as_mut_ptr())
        };
        // Every element below `count` (and below `named_count` for the DISPIDs) was
        // written above, so the pointers address initialised arrays of those lengths.
        DISPPARAMS {
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
        }
    }
}

/// How many positional arguments [`fill_positional`] takes.
pub(crate) const INLINE_ARGS: usize = INLINE;

/// The DISPPARAMS of a call with positional arguments only, at most [`INLINE_ARGS`]:
/// bitwise copies of them, last first, in `storage` (valid while it is neither moved
/// nor dropped). What `Packed::fill` does for that case, without its heap fallback.
#[inline(always)]
pub(crate) fn fill_positional(
    storage: &mut MaybeUninit<[VARIANT; INLINE]>,
    positional: &[Variant],
) -> DISPPARAMS {
    let count = positional.len().min(INLINE);
    let values = storage.as_mut_ptr().cast::<VARIANT>();
    for (k, value) in positional[..count].iter().rev().enumerate() {
        // SAFETY: `k < count <= INLINE`, within the array.
        unsafe { values.add(k).write(*value.as_raw()) };
    }
    DISPPARAMS {
        rgvarg: if count == 0 {
            core::ptr::null_mut()
        } else {
            values
        },
        rgdispidNamedArgs: core::ptr::null_mut(),
        cArgs: count as u32,
        cNamedArgs: 0,
    }
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
        let p = packed.fill(&args, [(-3, &key)].into_iter());
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
        let p = packed.fill(&args, core::iter::empty());
        assert_eq!((p.cArgs, p.cNamedArgs), (20, 0));
        assert!(p.rgdispidNamedArgs.is_null());
        // SAFETY: 20 VARIANTs, all VT_I4.
        let first = unsafe { (*p.rgvarg).data.lVal };
        assert_eq!(first, 19);
    }

    #[test]
    fn no_arguments_give_null_arrays() {
        let mut packed = Packed::new();
        let p = packed.fill(&[], core::iter::empty());
        assert!(p.rgvarg.is_null() && p.rgdispidNamedArgs.is_null());
        assert_eq!((p.cArgs, p.cNamedArgs), (0, 0));
    }
}
