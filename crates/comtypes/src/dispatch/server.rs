//! IDispatch for Rust types without a type library: `#[comtypes::dispatch]` on an impl
//! block writes a [`DispatchClass`] (a member table and a call switch); this file turns
//! it into IDispatch's GetIDsOfNames and Invoke with the automation rules: names are
//! case-insensitive, arguments arrive last-first with named ones in front, a property
//! put's value is the named argument DISPID_PROPERTYPUT, arguments are coerced like
//! VariantChangeType, and a failing member raises DISP_E_EXCEPTION with EXCEPINFO.

use super::names::same_name_wide;
use crate::hresult::{
    DISP_E_BADINDEX, DISP_E_BADPARAMCOUNT, DISP_E_EXCEPTION, DISP_E_MEMBERNOTFOUND,
    DISP_E_PARAMNOTFOUND, DISP_E_UNKNOWNINTERFACE, DISP_E_UNKNOWNNAME, E_INVALIDARG, E_POINTER,
    S_FALSE, S_OK,
};
use crate::interfaces::{
    IDispatch_Impl, IEnumVARIANT, IEnumVARIANT_Impl, ITypeInfo, DISPATCH_METHOD,
    DISPATCH_PROPERTYGET, DISPATCH_PROPERTYPUT, DISPATCH_PROPERTYPUTREF, DISPID_PROPERTYPUT,
    DISPID_UNKNOWN, DISPPARAMS, EXCEPINFO,
};
use crate::variant::VARIANT;
use crate::{implement, Bstr, Error, Guid, Result, Variant, HRESULT};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// What kind of member an entry of the table is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemberKind {
    /// A method (`obj.Do(x)`).
    Method,
    /// A property read (`x = obj.Prop`).
    PropertyGet,
    /// A property assignment by value (`obj.Prop = x`).
    PropertyPut,
    /// A property assignment by reference (`Set obj.Prop = x`).
    PropertyPutRef,
}

/// One member of a dispatch table (get and put of a property are two entries sharing a
/// name and a DISPID).
#[derive(Debug)]
pub struct Member {
    /// The name scripts use (matched case-insensitively).
    pub name: &'static str,
    /// Its DISPID.
    pub dispid: i32,
    /// Method or property accessor.
    pub kind: MemberKind,
    /// Parameter names, in order (for named arguments); a put's value is the last one.
    pub params: &'static [&'static str],
}

/// A Rust type callable through IDispatch: written by `#[comtypes::dispatch]` on an
/// inherent impl block, whose `&self` methods become the members.
///
/// - Method attribute `#[dispatch(...)]`: `name = "Name"` (else the Rust name; `get_`,
///   `set_`/`put_` and `putref_` prefixes are dropped from accessors), `id = N`, `value`
///   (DISPID_VALUE, the default member), `new_enum` (DISPID_NEWENUM: return any
///   `IntoIterator` of values and scripts can `For Each` over it), `propget`, `propput`,
///   `propputref`, `skip`. DISPIDs not given are 1, 2, ... in declaration order, so they
///   stay stable when members are added at the end.
/// - Parameters: any type with `TryFrom<&Variant>` (arguments are coerced like
///   VariantChangeType; by-reference ones are read through), `Variant` (a copy),
///   `&mut T` for an `[in, out]` argument (`T` read like the others, and after a
///   successful call written back to a by-reference argument, coerced to its type:
///   VBScript's `ByRef`; all values are coerced before any is written, a value that
///   does not fit is an exception and writes nothing, a by-reference array or record
///   is refused before the call, and one variable given to two parameters keeps the
///   last one's value), `&Variant` (the argument as passed),
///   `Option<T>` (optional), `#[default(expr)]` (optional with a value). Their names are
///   the names of named arguments.
/// - Returns: nothing, any `Into<Variant>`, or `Result` of those; an `Err` (or a panic)
///   reaches the caller as DISP_E_EXCEPTION with its code and description in EXCEPINFO,
///   which is what scripts see as `Err.Number` / `Err.Description`.
///
/// The object lists `IDispatch` (or a dual interface deriving from it) in
/// `#[implement]`; IDispatch's methods come from this table.
///
/// ```
/// use comtypes::interfaces::IDispatch;
/// use comtypes::{dispatch, implement, Error, Result};
/// use std::cell::Cell;
///
/// #[implement(IDispatch)]
/// struct Counter(Cell<i32>);
///
/// #[dispatch]
/// impl Counter {
///     #[dispatch(value)]
///     fn count(&self) -> i32 {
///         self.0.get()
///     }
///     fn add(&self, by: i32, #[default(1)] times: i32) -> Result<i32> {
///         let total = by.checked_mul(times).ok_or_else(|| Error::new(comtypes::hresult::DISP_E_OVERFLOW, "too big"))?;
///         self.0.set(self.0.get() + total);
///         Ok(self.0.get())
///     }
///     #[dispatch(new_enum)]
///     fn items(&self) -> Vec<i32> {
///         (1..=self.0.get()).collect()
///     }
/// }
///
/// let counter: IDispatch = Counter(Cell::new(0)).into();
/// # let _ = counter;
/// ```
pub trait DispatchClass {
    /// The member table.
    const MEMBERS: &'static [Member];
    /// The index in [`MEMBERS`](Self::MEMBERS) of the member with this DISPID and kind.
    /// The default searches the table; `#[dispatch]` writes a `match`.
    #[inline]
    fn member_index(dispid: i32, kind: MemberKind) -> Option<usize> {
        Self::MEMBERS
            .iter()
            .position(|m| m.dispid == dispid && m.kind == kind)
    }
    /// Calls member `index` of [`MEMBERS`](Self::MEMBERS) with resolved arguments.
    fn invoke_member(&self, index: usize, args: &Args<'_>) -> Result<Variant>;
    /// The common call, written by `#[dispatch]` for members whose parameters are all
    /// required values: the member `dispid` asked for with its own kind and exactly as
    /// many positional arguments (`values`, last first) as it has parameters. `None`
    /// for any other call, and when an argument of a type with an exact read
    /// ([`ExactArg`]) is of another type: the call then takes the general path, before
    /// anything has run or been converted.
    ///
    /// # Safety
    /// `result` is null or points to a writable VARIANT whose contents (possibly
    /// uninitialised) are overwritten, not freed.
    #[doc(hidden)]
    #[inline(always)]
    unsafe fn invoke_positional(
        &self,
        dispid: i32,
        flags: u16,
        values: &[Variant],
        result: *mut VARIANT,
    ) -> Option<core::result::Result<(), Failure>> {
        let _ = (dispid, flags, values, result);
        None
    }
}

/// The arguments of one call, by parameter position (named arguments already placed).
pub struct Args<'a> {
    placement: Placement<'a>,
    /// The rgvarg index of the argument that failed to convert, for Invoke's argerr.
    failed: core::cell::Cell<Option<u32>>,
    member: &'static Member,
}

/// Where each parameter's argument is in DISPPARAMS.rgvarg.
#[derive(Clone, Copy)]
enum Placement<'a> {
    /// Positional arguments only (the common call): parameter `p` is
    /// `rgvarg[len - 1 - p]`, nothing to resolve.
    Positional(&'a [Variant]),
    /// Named arguments too: resolved into a table.
    Placed(&'a Placed<'a>),
}

/// The arguments of a call with named arguments, by parameter position, with their
/// indices in rgvarg (for argerr).
struct Placed<'a> {
    slots: [Option<(&'a Variant, u32)>; INLINE_ARGS],
    spill: Vec<Option<(&'a Variant, u32)>>,
}

/// Calls with up to this many parameters resolve their arguments without allocating.
const INLINE_ARGS: usize = 8;

impl<'a> Args<'a> {
    /// The argument at `position` and its index in rgvarg.
    #[inline(always)]
    fn slot(&self, position: usize) -> Option<(&'a Variant, u32)> {
        match self.placement {
            Placement::Positional(values) => {
                let index = values.len().checked_sub(position + 1)?;
                Some((&values[index], index as u32))
            }
            Placement::Placed(placed) => {
                if position < INLINE_ARGS {
                    placed.slots[position]
                } else {
                    placed.spill.get(position - INLINE_ARGS).copied().flatten()
                }
            }
        }
    }

    /// The rgvarg index of the argument at `position` (0 when absent), for argerr.
    fn rgvarg_index(&self, position: usize) -> u32 {
        self.slot(position).map_or(0, |(_, index)| index)
    }

    /// The argument at `position`, or None when omitted (absent or `Variant::missing()`).
    #[inline(always)]
    pub fn get(&self, position: usize) -> Option<&'a Variant> {
        self.slot(position)
            .map(|(v, _)| v)
            .filter(|v| !v.is_missing())
    }

    /// The argument at `position` converted to `T`; an omitted one is DISP_E_PARAMNOTFOUND.
    #[inline(always)]
    pub fn required<T: FromArg>(&self, position: usize) -> Result<T> {
        match self.get(position) {
            Some(v) => T::from_arg(v).map_err(|e| self.arg_error(position, e)),
            None => Err(self.missing(position)),
        }
    }

    /// The argument at `position` converted to `T`, or None when omitted.
    #[inline(always)]
    pub fn optional<T: FromArg>(&self, position: usize) -> Result<Option<T>> {
        self.get(position)
            .map(|v| T::from_arg(v).map_err(|e| self.arg_error(position, e)))
            .transpose()
    }

    /// An `&mut Variant` parameter's starting value: what the by-reference argument
    /// points at (a copy), or a copy of a by-value one.
    pub fn in_out_variant(&self, position: usize) -> Result<Variant> {
        match self.get(position) {
            Some(value) => value.deref_value().map_err(|e| self.arg_error(position, e)),
            None => Err(self.missing(position)),
        }
    }

    /// Checks, before the call, that an `&mut T` parameter's argument can take a value
    /// back: a by-reference argument must point at a type that can be written (not an
    /// array or a record), so that nothing runs for a call that could not finish.
    pub fn check_in_out(&self, position: usize) -> Result<()> {
        if let Some(argument) = self.get(position) {
            if let crate::variant::VariantRef::ByRef(target) = argument.get() {
                if !crate::variant::byref::is_writable(target.vt()) {
                    let error = Error::new(
                        crate::hresult::DISP_E_TYPEMISMATCH,
                        format!(
                            "a VT_BYREF|{} cannot take a value back",
                            crate::variant::vt_name(target.vt())
                        ),
                    );
                    return Err(self.arg_error(position, error));
                }
            }
        }
        Ok(())
    }

    /// Writes the `&mut T` parameters' final values (`(position, value)`) back to the
    /// arguments the caller passed by reference (`VT_BYREF`), each coerced to the
    /// referenced type; arguments passed by value keep theirs, as Visual Basic's `ByVal`
    /// does. Every value is coerced before any is written, so one that does not fit
    /// (text into a `VT_BYREF|VT_I4`) writes nothing; that is an error of the call (an
    /// exception: the member has run), not of an argument.
    pub fn write_back(&self, values: &mut [(usize, Variant)]) -> Result<()> {
        use crate::variant::VariantRef;
        for (position, value) in values.iter_mut() {
            let Some(VariantRef::ByRef(target)) = self.get(*position).map(Variant::get) else {
                continue;
            };
            if target.vt() != crate::variant::VT_VARIANT {
                *value = value
                    .change_type(target.vt())
                    .map_err(|e| write_back_error(self.member, *position, e))?;
            }
        }
        for (position, value) in values.iter() {
            if let Some(VariantRef::ByRef(target)) = self.get(*position).map(Variant::get) {
                target
                    .write(value)
                    .map_err(|e| write_back_error(self.member, *position, e))?;
            }
        }
        Ok(())
    }

    /// The DISP_E_PARAMNOTFOUND error of a required argument that was omitted.
    #[cold]
    #[inline(never)]
    pub fn missing(&self, position: usize) -> Error {
        self.failed.set(Some(self.rgvarg_index(position)));
        missing_error(self.member, position)
    }

    #[cold]
    #[inline(never)]
    fn arg_error(&self, position: usize, error: Error) -> Error {
        self.failed.set(Some(self.rgvarg_index(position)));
        conversion_error(self.member, position, error)
    }
}

/// The DISP_E_PARAMNOTFOUND error of `member`'s required parameter at `position`.
fn missing_error(member: &Member, position: usize) -> Error {
    Error::new(
        DISP_E_PARAMNOTFOUND,
        format!(
            "{}: argument {} ({}) is required",
            member.name,
            position + 1,
            param_name(member, position)
        ),
    )
}

/// A value an `&mut T` parameter could not give back to its argument.
#[cold]
fn write_back_error(member: &Member, position: usize, error: Error) -> Error {
    argument_error(member, position, " could not be written back", error)
}

/// An argument that did not convert, named in the message.
fn conversion_error(member: &Member, position: usize, error: Error) -> Error {
    argument_error(member, position, "", error)
}

/// `error` about `member`'s argument at `position`: "Name: argument 2 (b)`what`: text".
fn argument_error(member: &Member, position: usize, what: &str, error: Error) -> Error {
    let text = format!(
        "{}: argument {} ({}){what}: {}",
        member.name,
        position + 1,
        param_name(member, position),
        error.description().unwrap_or(&error.code().message())
    );
    Error::new(error.code(), text)
}

fn param_name(member: &Member, position: usize) -> &'static str {
    member.params.get(position).copied().unwrap_or("?")
}

/// A failed call on its way to Invoke's HRESULT, EXCEPINFO and argerr.
#[doc(hidden)]
pub struct Failure {
    error: Error,
    /// The rgvarg index of the argument at fault (argerr).
    argument: Option<u32>,
    /// False for errors found before the member ran (no such member, bad DISPPARAMS):
    /// those are returned as they are, never raised as an exception.
    raised: bool,
}

impl Failure {
    /// A failure before the member ran.
    fn early(error: Error) -> Failure {
        Failure {
            error,
            argument: None,
            raised: false,
        }
    }

    /// A panic: an exception the script can catch, like any other error.
    #[cold]
    #[inline(never)]
    fn panicked(panic: Box<dyn std::any::Any + Send>) -> Failure {
        let failure = Failure::raised(crate::object::panic_error(&*panic), None);
        crate::object::drop_panic(panic);
        failure
    }

    /// A failure of the member itself (for `#[dispatch]`'s generated code).
    pub fn of_member(error: Error) -> Failure {
        Failure::raised(error, None)
    }

    /// A failure of the member (its error, or an argument's).
    fn raised(error: Error, argument: Option<u32>) -> Failure {
        Failure {
            error,
            argument,
            raised: true,
        }
    }
}

/// The argument at `position` of the common call, where the positional arguments
/// (`values`, last first) match the parameters one to one; what `#[dispatch]`'s fast
/// path reads its arguments with. Errors name the argument as [`Args::required`]'s do.
#[doc(hidden)]
#[inline(never)]
pub fn positional<T: FromArg>(
    values: &[Variant],
    position: usize,
    member: &'static Member,
) -> core::result::Result<T, Failure> {
    let index = values.len().wrapping_sub(position + 1);
    let Some(value) = values.get(index) else {
        return Err(positional_missing(member, position, index));
    };
    if value.is_missing() {
        return Err(positional_missing(member, position, index));
    }
    match T::from_arg(value) {
        Ok(value) => Ok(value),
        Err(error) => Err(positional_error(member, position, index, error)),
    }
}

#[cold]
#[inline(never)]
fn positional_missing(member: &Member, position: usize, index: usize) -> Failure {
    Failure::raised(missing_error(member, position), Some(index as u32))
}

#[cold]
#[inline(never)]
fn positional_error(member: &Member, position: usize, index: usize, error: Error) -> Failure {
    Failure::raised(
        conversion_error(member, position, error),
        Some(index as u32),
    )
}

/// A parameter type read straight out of an argument that already has its VARTYPE:
/// the common call's one compare (the scalar types, `bool`, `String`).
#[doc(hidden)]
pub trait ExactArg: Sized {
    /// The value, when `arg` holds exactly this type by value; what
    /// [`FromArg::from_arg`] gives for it.
    fn exact(arg: &Variant) -> Option<Self>;
}

/// Chooses how `#[dispatch]`'s fast path reads a parameter (resolution through
/// `&&ArgProbe`: the first trait applies when `T: ExactArg`).
#[doc(hidden)]
pub struct ArgProbe<T>(core::marker::PhantomData<T>);

impl<T> ArgProbe<T> {
    /// The probe.
    pub const NEW: Self = ArgProbe(core::marker::PhantomData);
}

/// Types with an [`ExactArg`] read: the argument of exactly the type is read in place
/// (`Ok(Some)`); any other sends the whole call to the general path (`Err`). Every
/// parameter is checked this way before any is converted, so nothing is converted
/// twice; a fast path whose parameters all have this read holds no calls, and needs no
/// stack frame of its own.
#[doc(hidden)]
pub trait ExactByType {
    /// The parameter type.
    type Value;
    /// The argument in `values[at]` read, `Ok(None)` when it is left to
    /// [`positional`], `Err` when the call is not the fast path's.
    #[allow(clippy::result_unit_err)]
    fn exact_or_later(
        &self,
        values: &[Variant],
        at: usize,
    ) -> core::result::Result<Option<Self::Value>, ()>;
}

impl<T: ExactArg> ExactByType for &ArgProbe<T> {
    type Value = T;
    #[inline(always)]
    fn exact_or_later(&self, values: &[Variant], at: usize) -> core::result::Result<Option<T>, ()> {
        match T::exact(&values[at]) {
            Some(value) => Ok(Some(value)),
            None => Err(()),
        }
    }
}

/// Other types: converted by [`positional`] once every exact read has succeeded, like
/// the general path would convert them.
#[doc(hidden)]
pub trait ExactByNothing {
    /// The parameter type.
    type Value;
    /// Always `Ok(None)`: converted later.
    #[allow(clippy::result_unit_err)]
    fn exact_or_later(
        &self,
        values: &[Variant],
        at: usize,
    ) -> core::result::Result<Option<Self::Value>, ()>;
}

impl<T> ExactByNothing for ArgProbe<T> {
    type Value = T;
    #[inline(always)]
    fn exact_or_later(&self, _: &[Variant], _: usize) -> core::result::Result<Option<T>, ()> {
        Ok(None)
    }
}

impl ExactArg for bool {
    #[inline(always)]
    fn exact(arg: &Variant) -> Option<bool> {
        match arg.get() {
            crate::variant::VariantRef::Bool(value) => Some(value),
            _ => None,
        }
    }
}

impl ExactArg for String {
    #[inline(always)]
    fn exact(arg: &Variant) -> Option<String> {
        match arg.get() {
            crate::variant::VariantRef::Bstr(text) => Some(text.to_string_lossy()),
            _ => None,
        }
    }
}

/// The final value of an `&mut T` parameter, as a `Variant` to write back (what
/// `#[dispatch]` generates for in/out parameters).
#[doc(hidden)]
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be an [in, out] (`&mut`) parameter of a #[dispatch] method",
    label = "its value is written back as a Variant: it needs `From<{Self}> for Variant`"
)]
pub trait InOutValue {
    /// The value as a `Variant`.
    fn into_variant(self) -> Variant;
}

impl<T> InOutValue for T
where
    Variant: From<T>,
{
    fn into_variant(self) -> Variant {
        Variant::from(self)
    }
}

/// Writes a member's return value into Invoke's result (when the caller wants one).
///
/// # Safety
/// `result` is null or points to a writable VARIANT that holds nothing to free.
#[doc(hidden)]
#[inline(always)]
pub unsafe fn store_result(result: *mut VARIANT, value: Variant) {
    if !result.is_null() {
        // SAFETY: the caller's promise; written without making a reference to it, a
        // word per store (a `Dispatch` reads it back that way: `VARIANT::write_words`).
        unsafe { VARIANT::write_words(result, value.into_raw()) };
    }
}

/// Converts an argument for a `#[dispatch]` method, with the automation coercion.
pub trait FromArg: Sized {
    /// The value of `arg` as `Self` (by-reference arguments are read through).
    fn from_arg(arg: &Variant) -> Result<Self>;
}

impl<T> FromArg for T
where
    T: for<'v> TryFrom<&'v Variant, Error = Error>,
{
    #[inline]
    fn from_arg(arg: &Variant) -> Result<Self> {
        if arg.vt() & crate::variant::VT_BYREF != 0 {
            // Out of line: the by-value case stays a few instructions.
            #[inline(never)]
            fn through<T: for<'v> TryFrom<&'v Variant, Error = Error>>(arg: &Variant) -> Result<T> {
                T::try_from(&arg.deref_value()?)
            }
            return through(arg);
        }
        T::try_from(arg)
    }
}

/// Finds the member an Invoke means: the DISPID's entry of the requested kind. Reads
/// are lenient as late-binding clients expect: VBScript sends "method or property get"
/// for `x = obj.Name`, JScript sends a property get for `obj.name` and a method call for
/// `obj.name()`, so each of the two falls back to the other. A put-by-reference falls
/// back to a put.
#[inline(always)]
fn find_member<T: DispatchClass>(dispid: i32, flags: u16) -> std::result::Result<usize, HRESULT> {
    use MemberKind::*;
    let (first, second) = if flags & DISPATCH_PROPERTYPUTREF != 0 {
        (PropertyPutRef, PropertyPut)
    } else if flags & DISPATCH_PROPERTYPUT != 0 {
        (PropertyPut, PropertyPutRef)
    } else if flags & DISPATCH_METHOD != 0 {
        (Method, PropertyGet)
    } else if flags & DISPATCH_PROPERTYGET != 0 {
        (PropertyGet, Method)
    } else {
        return Err(E_INVALIDARG);
    };
    match T::member_index(dispid, first) {
        Some(index) => Ok(index),
        None => T::member_index(dispid, second).ok_or(DISP_E_MEMBERNOTFOUND),
    }
}

/// The DISPPARAMS arrays as slices: the arguments (rgvarg) and the DISPIDs of the named
/// ones (rgdispidNamedArgs).
///
/// # Safety
/// `params` must be a valid DISPPARAMS whose arrays hold `cArgs`/`cNamedArgs` items.
#[inline]
unsafe fn arrays(params: &DISPPARAMS) -> Result<(&[Variant], &[i32])> {
    let total = params.cArgs as usize;
    let named = (params.cNamedArgs as usize).min(total);
    if total > 0 && params.rgvarg.is_null() || named > 0 && params.rgdispidNamedArgs.is_null() {
        return Err(Error::new(E_POINTER, "DISPPARAMS has null arrays"));
    }
    // SAFETY: the caller's promise on the array sizes.
    unsafe {
        Ok((
            if total == 0 {
                &[][..]
            } else {
                core::slice::from_raw_parts(params.rgvarg as *const Variant, total)
            },
            if named == 0 {
                &[][..]
            } else {
                core::slice::from_raw_parts(params.rgdispidNamedArgs, named)
            },
        ))
    }
}

/// Places arguments by parameter position when some are named (positional-only calls
/// need no table: see [`Placement::Positional`]).
#[cold]
#[inline(never)]
fn place<'a>(
    member: &'static Member,
    values: &'a [Variant],
    names: &[i32],
    is_put: bool,
) -> Result<Placed<'a>> {
    let count = member.params.len();
    let mut placed = Placed {
        slots: [None; INLINE_ARGS],
        spill: if count > INLINE_ARGS {
            vec![None; count - INLINE_ARGS]
        } else {
            Vec::new()
        },
    };
    let total = values.len();
    let mut put = |position: usize, index: usize| -> Result<()> {
        if position >= count {
            return Err(too_many(member));
        }
        let slot = Some((&values[index], index as u32));
        if position < INLINE_ARGS {
            placed.slots[position] = slot;
        } else {
            placed.spill[position - INLINE_ARGS] = slot;
        }
        Ok(())
    };
    // Named arguments come first in rgvarg, in the order of rgdispidNamedArgs.
    for (index, &id) in names.iter().enumerate() {
        let position = if id == DISPID_PROPERTYPUT && is_put {
            count
                .checked_sub(1)
                .ok_or_else(|| Error::from(DISP_E_BADPARAMCOUNT))?
        } else if id >= 0 {
            id as usize
        } else {
            return Err(Error::new(
                DISP_E_PARAMNOTFOUND,
                format!("{}: unknown named argument {id}", member.name),
            ));
        };
        put(position, index)?;
    }
    // Then positional ones, last parameter first.
    let positional = total - names.len();
    for k in 0..positional {
        put(k, total - 1 - k)?;
    }
    Ok(placed)
}

/// DISP_E_BADPARAMCOUNT: more arguments than parameters.
#[cold]
#[inline(never)]
fn too_many(member: &Member) -> Error {
    Error::new(
        DISP_E_BADPARAMCOUNT,
        format!("{} takes {} argument(s)", member.name, member.params.len()),
    )
}

/// Writes an error into a non-null EXCEPINFO, as scripts read it (Err.Number,
/// Err.Description).
fn raise(error: &Error, exception: *mut EXCEPINFO) -> HRESULT {
    let info = EXCEPINFO {
        wCode: 0,
        wReserved: 0,
        bstrSource: Bstr::from(error.source().unwrap_or("")),
        bstrDescription: Bstr::from(
            error
                .description()
                .map_or_else(|| error.code().message(), str::to_string),
        ),
        bstrHelpFile: Bstr::from(error.help_file().unwrap_or("")),
        dwHelpContext: error.help_context(),
        pvReserved: core::ptr::null_mut(),
        pfnDeferredFillIn: None,
        scode: error.code().0,
    };
    // SAFETY: a non-null EXCEPINFO is writable; the caller owns (and frees) the strings.
    unsafe { exception.write(info) };
    DISP_E_EXCEPTION
}

impl<T: DispatchClass> IDispatch_Impl for T {
    fn GetTypeInfoCount(&self) -> Result<u32> {
        Ok(0)
    }

    fn GetTypeInfo(&self, _index: u32, _lcid: u32) -> Result<ITypeInfo> {
        Err(Error::new(
            DISP_E_BADINDEX,
            "this object has no type information",
        ))
    }

    unsafe fn GetIDsOfNames(
        &self,
        iid: *const Guid,
        names: *const *const u16,
        count: u32,
        _lcid: u32,
        ids: *mut i32,
    ) -> Result<()> {
        // SAFETY: IDispatch's contract: `names` and `ids` hold `count` items.
        unsafe {
            if iid.as_ref().is_some_and(|i| !i.is_null()) {
                return Err(Error::from(DISP_E_UNKNOWNINTERFACE));
            }
            if count == 0 || names.is_null() || ids.is_null() {
                return Err(Error::from(E_INVALIDARG));
            }
            let names = core::slice::from_raw_parts(names, count as usize);
            let ids = core::slice::from_raw_parts_mut(ids, count as usize);
            ids.fill(DISPID_UNKNOWN);
            let first = wide_units(names[0]);
            let Some(member) = T::MEMBERS.iter().find(|m| same_name_wide(first, m.name)) else {
                return Err(Error::new(
                    DISP_E_UNKNOWNNAME,
                    format!("unknown name \"{}\"", String::from_utf16_lossy(first)),
                ));
            };
            ids[0] = member.dispid;
            // Parameter names: any accessor of the member may declare them.
            let mut unknown = None;
            for (id, &name) in ids.iter_mut().zip(names).skip(1) {
                let name = wide_units(name);
                let position = T::MEMBERS
                    .iter()
                    .filter(|m| m.dispid == member.dispid)
                    .find_map(|m| m.params.iter().position(|p| same_name_wide(name, p)));
                match position {
                    Some(p) => *id = p as i32,
                    None => unknown = Some(String::from_utf16_lossy(name)),
                }
            }
            if let Some(name) = unknown {
                return Err(Error::new(
                    DISP_E_UNKNOWNNAME,
                    format!("{} has no parameter \"{name}\"", member.name),
                ));
            }
            Ok(())
        }
    }

    #[inline]
    unsafe fn Invoke(
        &self,
        id: i32,
        iid: *const Guid,
        _lcid: u32,
        flags: u16,
        params: *mut DISPPARAMS,
        result: *mut VARIANT,
        exception: *mut EXCEPINFO,
        arg_error: *mut u32,
    ) -> Result<()> {
        // SAFETY: IDispatch's contract for every pointer.
        unsafe {
            if iid.as_ref().is_some_and(|i| !i.is_null()) {
                return Err(Error::from(DISP_E_UNKNOWNINTERFACE));
            }
            match invoke(self, id, flags, params.as_ref(), result) {
                Ok(()) => Ok(()),
                Err(failure) => Err(failure.into_invoke_error(exception, arg_error)),
            }
        }
    }
}

/// What Invoke does once its IID is checked: the member runs (a panic stopped and made
/// a failure) and writes its value where the caller reads it, inside the unwinding
/// boundary: what crosses it is the failure alone (a VARIANT copied out of it right
/// after being written in parts is a slow store-to-load round trip). Also what a
/// `Dispatch` in the same process calls directly (`direct.rs`).
///
/// # Safety
/// As Invoke: `params` valid or null, `result` null or a writable VARIANT whose
/// contents are overwritten, not freed.
#[inline(always)]
pub(super) unsafe fn invoke<T: DispatchClass>(
    object: &T,
    id: i32,
    flags: u16,
    params: Option<&DISPPARAMS>,
    result: *mut VARIANT,
) -> core::result::Result<(), Failure> {
    // SAFETY: the caller's promises.
    unsafe {
        if let Some(values) = params.and_then(|p| positional_values(p)) {
            if let Some(outcome) = invoke_values(object, id, flags, values, result) {
                return outcome;
            }
        }
        invoke_general_guarded(object, id, flags, params, result)
    }
}

/// The common call alone, for positional arguments (`values`, last first), in as
/// little code as can be (the general path, and what it keeps in registers, is out of
/// line): the generated fast path inside its unwinding boundary. `None` when the call
/// is not a common one.
///
/// # Safety
/// `result` null or a writable VARIANT whose contents are overwritten, not freed.
#[inline(always)]
pub(super) unsafe fn invoke_values<T: DispatchClass>(
    object: &T,
    id: i32,
    flags: u16,
    values: &[Variant],
    result: *mut VARIANT,
) -> Option<core::result::Result<(), Failure>> {
    let common = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        // SAFETY: the caller's promise on `result`.
        unsafe { object.invoke_positional(id, flags, values, result) }
    }));
    match common {
        Ok(outcome) => outcome,
        Err(panic) => Some(Err(Failure::panicked(panic))),
    }
}

/// [`invoke_general`] inside its own unwinding boundary.
///
/// # Safety
/// As [`invoke`].
#[inline(never)]
pub(super) unsafe fn invoke_general_guarded<T: DispatchClass>(
    object: &T,
    id: i32,
    flags: u16,
    params: Option<&DISPPARAMS>,
    result: *mut VARIANT,
) -> core::result::Result<(), Failure> {
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        // SAFETY: the caller's promises.
        unsafe { invoke_general(object, id, flags, params, result) }
    }));
    outcome.unwrap_or_else(|panic| Err(Failure::panicked(panic)))
}

impl Failure {
    /// The error Invoke returns for this failure, with EXCEPINFO and argerr written as
    /// the caller reads them.
    ///
    /// # Safety
    /// `exception` and `arg_error` are null or writable, as Invoke's contract says.
    #[cold]
    #[inline(never)]
    pub(super) unsafe fn into_invoke_error(
        self,
        exception: *mut EXCEPINFO,
        arg_error: *mut u32,
    ) -> Error {
        if !self.raised {
            return self.error;
        }
        // SAFETY: the caller's promise.
        unsafe { failed(self.error, self.argument, exception, arg_error) }
    }
}

/// The positional arguments of a call without named ones (rgvarg, last first), or
/// `None` when the call has named arguments or bad arrays (the general path decides).
/// A reduced `arrays`: going through it costs the fast path 6 instructions.
///
/// # Safety
/// `params` must be a valid DISPPARAMS whose `rgvarg` holds `cArgs` VARIANTs.
#[inline(always)]
unsafe fn positional_values(params: &DISPPARAMS) -> Option<&[Variant]> {
    if params.cNamedArgs != 0 {
        return None;
    }
    if params.cArgs == 0 {
        return Some(&[]);
    }
    if params.rgvarg.is_null() {
        return None;
    }
    // SAFETY: the caller's promise.
    Some(unsafe {
        core::slice::from_raw_parts(params.rgvarg as *const Variant, params.cArgs as usize)
    })
}

/// Every call the fast path does not take: named arguments, omitted or defaulted
/// parameters, the lenient method/property fallbacks, puts, bad DISPPARAMS.
///
/// # Safety
/// As Invoke: `params` valid or null, `result` null or a writable VARIANT whose
/// contents are overwritten, not freed.
#[inline(never)]
unsafe fn invoke_general<T: DispatchClass>(
    object: &T,
    id: i32,
    flags: u16,
    params: Option<&DISPPARAMS>,
    result: *mut VARIANT,
) -> core::result::Result<(), Failure> {
    let empty = DISPPARAMS {
        rgvarg: core::ptr::null_mut(),
        rgdispidNamedArgs: core::ptr::null_mut(),
        cArgs: 0,
        cNamedArgs: 0,
    };
    let params = params.unwrap_or(&empty);
    let index = find_member::<T>(id, flags).map_err(|hr| Failure::early(Error::from(hr)))?;
    let member = &T::MEMBERS[index];
    // SAFETY: Invoke's contract on DISPPARAMS.
    let (values, names) = unsafe { arrays(params) }.map_err(Failure::early)?;
    let placed;
    let placement = if names.is_empty() && values.len() <= member.params.len() {
        Placement::Positional(values)
    } else {
        let is_put = matches!(
            member.kind,
            MemberKind::PropertyPut | MemberKind::PropertyPutRef
        );
        placed = place(member, values, names, is_put).map_err(Failure::early)?;
        Placement::Placed(&placed)
    };
    let args = Args {
        placement,
        failed: core::cell::Cell::new(None),
        member,
    };
    match object.invoke_member(index, &args) {
        Ok(value) => {
            // SAFETY: the caller's promise on `result`.
            unsafe { store_result(result, value) };
            Ok(())
        }
        Err(error) => Err(Failure::raised(error, args.failed.get())),
    }
}

/// What Invoke returns for a member's error: argument errors name the argument
/// (argerr), other failures are DISP_E_EXCEPTION with EXCEPINFO when there is one.
///
/// # Safety
/// `exception` and `arg_error` are null or writable, as Invoke's contract says.
#[cold]
#[inline(never)]
unsafe fn failed(
    error: Error,
    failed_arg: Option<u32>,
    exception: *mut EXCEPINFO,
    arg_error: *mut u32,
) -> Error {
    let code = error.code();
    // An argument that was missing or did not convert: the call was not made, and
    // argerr says which. The same codes from a member that ran are exceptions.
    if let Some(index) = failed_arg {
        if matches!(
            code,
            DISP_E_PARAMNOTFOUND | crate::hresult::DISP_E_TYPEMISMATCH
        ) {
            // SAFETY: null or writable.
            if let Some(out) = unsafe { arg_error.as_mut() } {
                *out = index;
            }
            return error;
        }
    }
    if matches!(code, DISP_E_BADPARAMCOUNT | DISP_E_MEMBERNOTFOUND) || exception.is_null() {
        // Without an EXCEPINFO the description travels as IErrorInfo.
        return error;
    }
    Error::from(raise(&error, exception))
}

/// A name from GetIDsOfNames (null reads as empty), without its NUL.
///
/// # Safety
/// `text` must be null or NUL-terminated, and live as long as the call.
unsafe fn wide_units<'a>(text: *const u16) -> &'a [u16] {
    // SAFETY: the caller's promise.
    unsafe { crate::wide::wide_nul_units(text) }.unwrap_or_default()
}

/// An IEnumVARIANT over a snapshot of values: what a `#[dispatch(new_enum)]` member
/// returns for any Rust iterator. Clones share the values and copy the position.
#[implement(IEnumVARIANT)]
pub struct VariantEnumerator {
    // Arc, not Rc: a client in the multithreaded apartment may call Clone from two
    // threads at once. The values themselves never leave the object.
    values: Arc<Vec<Variant>>,
    position: AtomicUsize,
}

impl VariantEnumerator {
    /// An enumerator over the values of `items`.
    ///
    /// ```
    /// use comtypes::dispatch::VariantEnumerator;
    /// use comtypes::interfaces::IEnumVARIANT;
    /// use comtypes::Variant;
    /// let e: IEnumVARIANT = VariantEnumerator::new([1, 2, 3]).into();
    /// let mut out = [Variant::empty(), Variant::empty()];
    /// let mut fetched = 0;
    /// // SAFETY: room for two values.
    /// let hr = unsafe { e.Next(2, out.as_mut_ptr(), &mut fetched) };
    /// assert_eq!((hr, fetched), (comtypes::hresult::S_OK, 2));
    /// assert_eq!(i32::try_from(&out[1]).unwrap(), 2);
    /// ```
    #[allow(clippy::arc_with_non_send_sync)]
    pub fn new<V: Into<Variant>>(items: impl IntoIterator<Item = V>) -> VariantEnumerator {
        VariantEnumerator {
            values: Arc::new(items.into_iter().map(Into::into).collect()),
            position: AtomicUsize::new(0),
        }
    }
}

impl IEnumVARIANT_Impl for VariantEnumerator {
    unsafe fn Next(&self, count: u32, values: *mut Variant, fetched: *mut u32) -> HRESULT {
        if values.is_null() || (fetched.is_null() && count != 1) {
            return E_POINTER;
        }
        let start = self.position.load(Ordering::SeqCst).min(self.values.len());
        let n = (count as usize).min(self.values.len() - start);
        // Copy first, hand over after: a failed copy must leave nothing in the caller's
        // array that nobody would free.
        let copies: Result<Vec<Variant>> = self.values[start..start + n]
            .iter()
            .map(Variant::try_clone)
            .collect();
        let copies = match copies {
            Ok(copies) => copies,
            Err(e) => return e.code(),
        };
        for (k, copy) in copies.into_iter().enumerate() {
            // SAFETY: the caller's array holds `count` VARIANTs, empty or uninitialised.
            unsafe { values.add(k).write(copy) };
        }
        self.position.store(start + n, Ordering::SeqCst);
        // SAFETY: non-null when given.
        if let Some(out) = unsafe { fetched.as_mut() } {
            *out = n as u32;
        }
        if n == count as usize {
            S_OK
        } else {
            S_FALSE
        }
    }

    fn Skip(&self, count: u32) -> HRESULT {
        let start = self.position.load(Ordering::SeqCst);
        let end = start.saturating_add(count as usize);
        self.position
            .store(end.min(self.values.len()), Ordering::SeqCst);
        if end <= self.values.len() {
            S_OK
        } else {
            S_FALSE
        }
    }

    fn Reset(&self) -> Result<()> {
        self.position.store(0, Ordering::SeqCst);
        Ok(())
    }

    fn Clone(&self) -> Result<IEnumVARIANT> {
        Ok(VariantEnumerator {
            values: self.values.clone(),
            position: AtomicUsize::new(self.position.load(Ordering::SeqCst)),
        }
        .into())
    }
}
