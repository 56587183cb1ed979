//! `Dispatch`: an automation object called by member name, with its DISPIDs cached.

use super::args::{
    fill_positional, release, slot_of, ArgSlot, Arguments, ForCall, IntoArgs, Packed, INLINE_ARGS,
};
use super::direct::{DirectFailure, DirectTarget};
use super::enumerate::Enumerator;
use super::exception::error_from_excepinfo;
use super::names::same_name;
use crate::hresult::{
    DISP_E_BADPARAMCOUNT, DISP_E_EXCEPTION, DISP_E_MEMBERNOTFOUND, DISP_E_NONAMEDARGS,
    DISP_E_PARAMNOTFOUND, DISP_E_TYPEMISMATCH, DISP_E_UNKNOWNNAME, E_INVALIDARG,
};
use crate::interfaces::{IEnumVARIANT, DISPPARAMS, EXCEPINFO};
use crate::variant::VARIANT;
use crate::variant::{VT_ARRAY, VT_BYREF, VT_DECIMAL, VT_DISPATCH, VT_EMPTY, VT_UNKNOWN};
use crate::{Error, Guid, IDispatch, IUnknown, Interface, Result, Variant, HRESULT};
use core::cell::{Cell, RefCell};
use core::fmt;
use core::marker::PhantomData;
use core::mem::MaybeUninit;
use std::rc::Rc;

// The `Invoke` flags and special DISPIDs (the values of OleAuto.h).
const METHOD: u16 = 0x1;
const PROPERTYGET: u16 = 0x2;
const PROPERTYPUT: u16 = 0x4;
const PROPERTYPUTREF: u16 = 0x8;
const DISPID_VALUE: i32 = 0;
const DISPID_UNKNOWN: i32 = -1;
const DISPID_PROPERTYPUT: i32 = -3;
const DISPID_NEWENUM: i32 = -4;
/// `LOCALE_USER_DEFAULT`: what Visual Basic and scripting hosts pass.
const LCID: u32 = 0x0400;
/// Names shorter than this (in UTF-16 units) are looked up without allocating.
const SHORT_NAME: usize = 64;

/// An automation object called late-bound: members by name, arguments as
/// [`Variant`]s, results as `Variant`s.
///
/// - [`get`](Dispatch::get) reads a property, [`call`](Dispatch::call) calls a method or
///   reads an indexed property (both `DISPATCH_METHOD | DISPATCH_PROPERTYGET`, as Visual
///   Basic does, so members that are ambiguous between the two just work).
/// - [`put`](Dispatch::put) assigns (`DISPATCH_PROPERTYPUT`, the value as the named
///   argument `DISPID_PROPERTYPUT`), [`put_ref`](Dispatch::put_ref) assigns an object
///   (`DISPATCH_PROPERTYPUTREF`, falling back to `PROPERTYPUT` when the member has no
///   by-reference setter); [`put_indexed`](Dispatch::put_indexed) assigns an indexed
///   property.
/// - [`invoke`](Dispatch::invoke) builds a call with named, omitted and by-reference
///   arguments.
/// - [`value`](Dispatch::value) and [`invoke_id`](Dispatch::invoke_id) with
///   `DISPID_VALUE` reach the default member.
/// - [`iter`](Dispatch::iter) (or `for x in &object`) enumerates a collection;
///   [`count`](Dispatch::count) and [`item`](Dispatch::item) read `Count` and `Item`.
///
/// Each name is looked up once per object (`GetIDsOfNames`, case-insensitively as COM
/// names are) and its DISPID cached; clones share the cache, as they share the object.
/// Like every interface pointer, a `Dispatch` stays in its apartment's thread.
///
/// A returned object comes back as a `Variant` holding `VT_DISPATCH`:
/// [`Variant::to_dispatch`] continues the chain, and [`late!`](crate::late) writes a
/// whole chain at once.
///
/// ```
/// use comtypes::dispatch::Dispatch;
/// # comtypes::dispatch::doc_support::calculator(|calc: Dispatch| {
/// let sum = calc.call("Add", (40, 2))?;
/// assert_eq!(i32::try_from(&sum)?, 42);
/// calc.put("Name", "adder")?;
/// assert_eq!(String::try_from(calc.get("NAME")?)?, "adder");
/// let err = calc.get("Nonexistent").unwrap_err();
/// assert_eq!(err.code(), comtypes::hresult::DISP_E_UNKNOWNNAME);
/// assert!(err.to_string().contains("Nonexistent"));
/// # Ok(()) })?;
/// # Ok::<(), comtypes::Error>(())
/// ```
#[derive(Clone)]
pub struct Dispatch {
    object: IDispatch,
    known: Rc<Known>,
}

/// What a `Dispatch` learns about its object as it goes, shared by its clones.
#[derive(Default)]
struct Known {
    names: NameCache,
    /// The direct entry of a `#[dispatch]` object in this process (`direct.rs`).
    direct: DirectTarget,
}

/// The DISPIDs of the names looked up so far. A short list searched in order: objects
/// are called through a handful of names, and comparing a few short strings is cheaper
/// than hashing one. The name found last is tried first, spelt exactly as the caller
/// spelt it: a loop calling one member finds it with one comparison of a few bytes,
/// made in place. The first few short names live in the cache itself (the `Rc`
/// allocation), so a first call allocates nothing more.
#[derive(Default)]
struct NameCache {
    entries: RefCell<Entries>,
    last: Cell<LastName>,
}

/// The name found last, as the caller spelt it, and its DISPID (`len` 0: none yet; an
/// empty name is never a member). Kept as the key [`LastName::key`] makes of it, so a
/// check is two compares (one for a name the compiler knows, as in `call("Add", ..)`).
#[derive(Default, Clone, Copy)]
struct LastName {
    key: (u64, u64),
    len: u8,
    id: i32,
}

/// Names up to this long (in bytes) can be the last-found hint.
const LAST_NAME_BYTES: usize = 16;

impl LastName {
    /// A name of 1 to 16 bytes as two words that differ for any two different names of
    /// the same length: overlapping word loads of its first and last bytes (no
    /// `memcmp` call; the hint is checked on every cached call).
    #[inline(always)]
    fn key(name: &[u8]) -> (u64, u64) {
        let n = name.len();
        let word8 = |at: usize| u64::from_ne_bytes(name[at..at + 8].try_into().unwrap_or_default());
        let word4 = |at: usize| {
            u64::from(u32::from_ne_bytes(
                name[at..at + 4].try_into().unwrap_or_default(),
            ))
        };
        if n >= 8 {
            (word8(0), word8(n - 8))
        } else if n >= 4 {
            (word4(0), word4(n - 4))
        } else {
            let bytes = [name[0], name[n / 2], name[n - 1]];
            (
                u64::from(bytes[0]) | u64::from(bytes[1]) << 8 | u64::from(bytes[2]) << 16,
                0,
            )
        }
    }

    /// The hint for `name` (`None` when it is too long to be one).
    fn new(name: &str, id: i32) -> Option<LastName> {
        let n = name.len();
        (1..=LAST_NAME_BYTES).contains(&n).then(|| LastName {
            key: LastName::key(name.as_bytes()),
            len: n as u8,
            id,
        })
    }

    /// Whether `name` is this name, byte for byte.
    #[inline(always)]
    fn is(&self, name: &[u8]) -> bool {
        let n = name.len();
        if n != self.len as usize || n == 0 {
            return false;
        }
        let key = LastName::key(name);
        if n < 4 {
            key.0 == self.key.0
        } else {
            key == self.key
        }
    }
}

/// How many names the cache holds inline, and how long (in bytes) each may be.
const INLINE_NAMES: usize = 4;
const INLINE_NAME_BYTES: usize = 23;

#[derive(Default)]
struct Entries {
    /// Names of up to `INLINE_NAME_BYTES` bytes, in `inline[..inline_count]`.
    inline: [(InlineName, i32); INLINE_NAMES],
    inline_count: usize,
    /// The others.
    spilled: Vec<(Box<str>, i32)>,
}

/// A short name stored in place.
#[derive(Default, Clone, Copy)]
struct InlineName {
    len: u8,
    bytes: [u8; INLINE_NAME_BYTES],
}

impl InlineName {
    fn new(name: &str) -> Option<InlineName> {
        let mut bytes = [0; INLINE_NAME_BYTES];
        bytes
            .get_mut(..name.len())?
            .copy_from_slice(name.as_bytes());
        Some(InlineName {
            len: name.len() as u8,
            bytes,
        })
    }

    #[inline]
    fn as_str(&self) -> &str {
        // Always a whole `&str` copied in by `new`; never fails.
        core::str::from_utf8(&self.bytes[..self.len as usize]).unwrap_or_default()
    }
}

impl Entries {
    fn iter(&self) -> impl Iterator<Item = (&str, i32)> {
        self.inline[..self.inline_count]
            .iter()
            .map(|(name, id)| (name.as_str(), *id))
            .chain(self.spilled.iter().map(|(name, id)| (&**name, *id)))
    }
}

impl NameCache {
    #[inline(always)]
    fn find(&self, name: &str) -> Option<i32> {
        let last = self.last.get();
        if last.is(name.as_bytes()) {
            return Some(last.id);
        }
        self.search(name)
    }

    /// Searches the list (names compared without case), and remembers the name found
    /// as the caller spelt it.
    fn search(&self, name: &str) -> Option<i32> {
        let entries = self.entries.try_borrow().ok()?;
        let id = entries
            .iter()
            .find(|(known, _)| same_name(known, name))
            .map(|(_, id)| id)?;
        if let Some(last) = LastName::new(name, id) {
            self.last.set(last);
        }
        Some(id)
    }

    fn insert(&self, name: &str, id: i32) {
        if let Ok(mut entries) = self.entries.try_borrow_mut() {
            if entries.iter().any(|(known, _)| same_name(known, name)) {
                return;
            }
            let count = entries.inline_count;
            match InlineName::new(name) {
                Some(short) if count < INLINE_NAMES => {
                    entries.inline[count] = (short, id);
                    entries.inline_count += 1;
                }
                _ => entries.spilled.push((name.into(), id)),
            }
        }
    }
}

/// A name with a NUL in it would reach GetIDsOfNames cut short, as another name.
fn reject_nul(name: &str) -> Result<()> {
    if name.contains('\0') {
        return Err(Error::new(
            DISP_E_UNKNOWNNAME,
            format!("{name:?} is not a member name: names cannot contain NUL"),
        ));
    }
    Ok(())
}

/// How a member is named in messages.
#[derive(Clone, Copy)]
enum Member<'a> {
    Name(&'a str),
    Id(i32),
}

impl fmt::Display for Member<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Member::Name(name) => f.write_str(name),
            Member::Id(DISPID_VALUE) => f.write_str("the default member (DISPID_VALUE)"),
            Member::Id(DISPID_NEWENUM) => f.write_str("_NewEnum (DISPID_NEWENUM)"),
            Member::Id(id) => write!(f, "DISPID {id}"),
        }
    }
}

/// One `Invoke`: what to call and with what, plus what error messages need.
struct Call<'c> {
    member: Member<'c>,
    flags: u16,
    /// Positional arguments, left to right (last to first when `reversed`).
    positional: &'c [Variant],
    /// The positional arguments were passed in place, so they are last to first.
    reversed: bool,
    /// Named arguments: DISPID, value, and the name for messages.
    named: &'c [(i32, &'c Variant, &'c str)],
}

/// An EXCEPINFO aligned for a whole-struct zeroing in four 16-byte stores.
#[repr(C, align(16))]
struct ExcepinfoSlot(EXCEPINFO);

/// What a failed `Invoke` left: its HRESULT, EXCEPINFO and argument index.
struct Failure {
    hr: HRESULT,
    exception: EXCEPINFO,
    arg_error: u32,
}

impl Dispatch {
    /// Wraps an `IDispatch`, with an empty DISPID cache.
    pub fn new(object: IDispatch) -> Dispatch {
        Dispatch {
            object,
            known: Rc::default(),
        }
    }

    /// Creates an object by ProgID (or `{CLSID}`) and asks for its `IDispatch`
    /// ([`create_object`](crate::create_object)).
    ///
    /// ```
    /// use comtypes::{late, Apartment, Dispatch};
    /// let _apartment = Apartment::single_threaded()?;
    /// # #[cfg(windows)] {
    /// let dict = Dispatch::create("Scripting.Dictionary")?;
    /// dict.call("Add", ("apple", 3))?;
    /// dict.call("Add", ("pear", 5))?;
    /// assert_eq!(i32::try_from(dict.item("pear")?)?, 5);
    /// assert_eq!(dict.count()?, 2);
    /// for key in &dict {
    ///     println!("{}", String::try_from(key?)?);
    /// }
    /// let err = dict.call("Add", ("apple", 4)).unwrap_err(); // a duplicate key
    /// assert_eq!(err.code().0 as u32, 0x800A01C9);
    ///
    /// let fso = Dispatch::create("Scripting.FileSystemObject")?;
    /// let windows = fso.call("GetSpecialFolder", (0,))?.to_dispatch()?;
    /// let count = i32::try_from(late!(fso.GetFolder(windows.get("Path")?).Files.Count)?)?;
    /// assert!(count > 0);
    /// # }
    /// # Ok::<(), comtypes::Error>(())
    /// ```
    ///
    /// ```
    /// use comtypes::{dispatch::Dispatch, Apartment};
    /// let _apartment = Apartment::multithreaded()?;
    /// let err = Dispatch::create("No.Such.Class").unwrap_err();
    /// assert_eq!(err.code(), comtypes::hresult::CO_E_CLASSSTRING);
    /// # Ok::<(), comtypes::Error>(())
    /// ```
    pub fn create(progid: &str) -> Result<Dispatch> {
        crate::create_object::<IDispatch>(progid).map(Dispatch::new)
    }

    /// Whether calls skip `IDispatch::Invoke`: true once a `Dispatch` (or a clone) has
    /// made its second call to a `#[dispatch]` object of this process (see the
    /// `dispatch` module). The calls behave the same either way; this is for tests and
    /// diagnostics.
    #[doc(hidden)]
    pub fn calls_directly(&self) -> bool {
        self.known.direct.is_found()
    }

    /// The `IDispatch`.
    pub fn as_idispatch(&self) -> &IDispatch {
        &self.object
    }

    /// The `IDispatch`, giving up the cache.
    pub fn into_idispatch(self) -> IDispatch {
        self.object
    }

    /// The DISPID of a member, from the cache or from `GetIDsOfNames`
    /// (`DISP_E_UNKNOWNNAME`, naming the member, when the object has none of that name).
    ///
    /// ```
    /// # comtypes::dispatch::doc_support::calculator(|calc| {
    /// let id = calc.id_of("Add")?;
    /// assert_eq!(calc.id_of("add")?, id); // one lookup: the second comes from the cache
    /// # Ok(()) })?;
    /// # Ok::<(), comtypes::Error>(())
    /// ```
    #[inline(always)]
    pub fn id_of(&self, name: &str) -> Result<i32> {
        match self.known.names.find(name) {
            Some(id) => Ok(id),
            None => self.look_up(name),
        }
    }

    #[cold]
    fn look_up(&self, name: &str) -> Result<i32> {
        reject_nul(name)?;
        // One name of ordinary length: its UTF-16 on the stack, no allocation.
        let mut wide = [0u16; SHORT_NAME];
        let mut len = 0;
        for unit in name.encode_utf16() {
            if len + 1 == SHORT_NAME {
                len = SHORT_NAME; // too long: the general path
                break;
            }
            wide[len] = unit;
            len += 1;
        }
        let id = if len < SHORT_NAME {
            // One NUL-terminated name: the buffer is zeroed past `len`.
            let mut id = [DISPID_UNKNOWN];
            let hr = self.get_ids(&[wide.as_ptr()], &mut id);
            if hr.is_err() {
                return Err(self.lookup_error(hr, name, &[], &id));
            }
            id[0]
        } else {
            self.ids_of(name, &[])?[0]
        };
        self.known.names.insert(name, id);
        Ok(id)
    }

    /// The DISPIDs of a member and of its parameters, in one `GetIDsOfNames` call.
    fn ids_of(&self, member: &str, params: &[&str]) -> Result<Vec<i32>> {
        reject_nul(member)?;
        for param in params {
            reject_nul(param)?;
        }
        let wide: Vec<Vec<u16>> = core::iter::once(member)
            .chain(params.iter().copied())
            .map(crate::wide::to_wide_nul)
            .collect();
        let pointers: Vec<*const u16> = wide.iter().map(|w| w.as_ptr()).collect();
        let mut ids = vec![DISPID_UNKNOWN; pointers.len()];
        let hr = self.get_ids(&pointers, &mut ids);
        if hr.is_ok() {
            return Ok(ids);
        }
        Err(self.lookup_error(hr, member, params, &ids))
    }

    /// `GetIDsOfNames` for the NUL-terminated `names`, one DISPID each into `ids`.
    fn get_ids(&self, names: &[*const u16], ids: &mut [i32]) -> HRESULT {
        debug_assert_eq!(names.len(), ids.len());
        let count = names.len().min(ids.len());
        // SAFETY: `names` holds `count` NUL-terminated strings that outlive the call
        // (the callers' promise, kept by both), and `ids` has room for `count` DISPIDs;
        // the IID must be IID_NULL.
        unsafe {
            (self.object.vtable().GetIDsOfNames)(
                self.object.as_raw(),
                &Guid::NULL,
                names.as_ptr(),
                count as u32,
                LCID,
                ids.as_mut_ptr(),
            )
        }
    }

    /// The error of a failed `GetIDsOfNames`: which name is unknown, or why the lookup
    /// failed. `ids` are the DISPIDs it returned (member first, then the parameters).
    #[cold]
    #[inline(never)]
    fn lookup_error(&self, hr: HRESULT, member: &str, params: &[&str], ids: &[i32]) -> Error {
        let detail = Error::from_call(hr, self.object.as_unknown(), &IDispatch::IID);
        if hr != DISP_E_UNKNOWNNAME {
            return Error::new(
                hr,
                format!("cannot look up the name \"{member}\": {}", text_of(&detail)),
            );
        }
        // The member's DISPID is set when only some parameter names are unknown.
        let message = match params
            .iter()
            .zip(&ids[1..])
            .find(|&(_, &id)| id == DISPID_UNKNOWN)
        {
            Some((param, _)) if ids[0] != DISPID_UNKNOWN => {
                format!("{member} has no parameter named \"{param}\"")
            }
            _ if params.is_empty() => format!("the object has no member named \"{member}\""),
            _ => format!(
                "the object has no member named \"{member}\" with parameters named {}",
                params
                    .iter()
                    .map(|p| format!("\"{p}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        Error::new(DISP_E_UNKNOWNNAME, message)
    }

    /// Reads a property (or calls a method without arguments): `object.Name`.
    ///
    /// ```
    /// # comtypes::dispatch::doc_support::calculator(|calc| {
    /// assert_eq!(String::try_from(calc.get("Name")?)?, "calculator");
    /// # Ok(()) })?;
    /// # Ok::<(), comtypes::Error>(())
    /// ```
    ///
    /// Sent as "method or property get", as Visual Basic does, which every component
    /// that was written for VB expects (WMI's objects answer nothing else). JScript
    /// objects refuse that for data members (`length` "is not a function",
    /// 0x800A138A), and some objects know only the property form: on those answers, and
    /// only those, the property get alone is asked once more.
    #[inline]
    pub fn get(&self, name: &str) -> Result<Variant> {
        let id = self.id_of(name)?;
        let call = |flags| {
            self.invoke_call(
                id,
                &Call {
                    member: Member::Name(name),
                    flags,
                    positional: &[],
                    reversed: false,
                    named: &[],
                },
            )
        };
        match call(METHOD | PROPERTYGET) {
            Err(e) if is_not_a_method(e.code()) => call(PROPERTYGET),
            other => other,
        }
    }

    /// Calls a method, or reads an indexed property, with positional arguments:
    /// `object.Name(args...)`.
    ///
    /// The arguments are a tuple of values (`(1, "x")`, `()` for none, `(x,)` for one) or
    /// an array, slice or `Vec` of [`Variant`]; [`Variant::missing()`] omits an
    /// optional one. With a cached DISPID and up to 8 arguments that are numbers, the
    /// call allocates nothing.
    ///
    /// ```
    /// # comtypes::dispatch::doc_support::calculator(|calc| {
    /// assert_eq!(i32::try_from(calc.call("Add", (1, 2))?)?, 3);
    /// assert_eq!(i32::try_from(calc.call("Add", (1, comtypes::Variant::missing()))?)?, 1);
    /// let err = calc.call("Add", (1, "x")).unwrap_err();
    /// assert_eq!(err.code(), comtypes::hresult::DISP_E_TYPEMISMATCH);
    /// assert!(err.to_string().contains("argument 2"), "{err}");
    /// # Ok(()) })?;
    /// # Ok::<(), comtypes::Error>(())
    /// ```
    #[inline(always)]
    pub fn call(&self, name: &str, args: impl IntoArgs) -> Result<Variant> {
        let id = self.id_of(name)?;
        self.invoke_positional(
            id,
            Member::Name(name),
            METHOD | PROPERTYGET,
            &mut args.into_args(),
        )
    }

    /// Calls the member `id` with `flags` (`DISPATCH_*`) and positional arguments: no
    /// name lookup at all, for callers that keep DISPIDs themselves.
    ///
    /// ```
    /// use comtypes::{interfaces::DISPATCH_METHOD, Variant};
    /// # comtypes::dispatch::doc_support::calculator(|calc| {
    /// let add = calc.id_of("Add")?;
    /// let sum = calc.call_id(add, DISPATCH_METHOD, (2, 2))?;
    /// assert_eq!(i32::try_from(sum)?, 4);
    /// let args = [Variant::from(3), Variant::from(4)];
    /// assert_eq!(i32::try_from(calc.call_id(add, DISPATCH_METHOD, &args)?)?, 7);
    /// # Ok(()) })?;
    /// # Ok::<(), comtypes::Error>(())
    /// ```
    #[inline(always)]
    pub fn call_id(&self, id: i32, flags: u16, args: impl IntoArgs) -> Result<Variant> {
        self.invoke_positional(id, Member::Id(id), flags, &mut args.into_args())
    }

    /// Assigns a property: `object.Name = value`. An object value is assigned by
    /// reference (`PROPERTYPUTREF`) when the member has no by-value setter.
    ///
    /// ```
    /// # comtypes::dispatch::doc_support::calculator(|calc| {
    /// calc.put("Name", "abacus")?;
    /// assert_eq!(String::try_from(calc.get("Name")?)?, "abacus");
    /// let err = calc.put("Add", 1).unwrap_err(); // a method cannot be assigned
    /// assert_eq!(err.code(), comtypes::hresult::DISP_E_MEMBERNOTFOUND);
    /// # Ok(()) })?;
    /// # Ok::<(), comtypes::Error>(())
    /// ```
    pub fn put(&self, name: &str, value: impl Into<Variant>) -> Result<()> {
        self.put_indexed(name, [], value)
    }

    /// Assigns an indexed property: `object.Name(index...) = value`.
    ///
    /// ```
    /// # comtypes::dispatch::doc_support::calculator(|calc| {
    /// calc.put_indexed("Memory", (3,), 99)?;
    /// assert_eq!(i32::try_from(calc.call("Memory", (3,))?)?, 99);
    /// # Ok(()) })?;
    /// # Ok::<(), comtypes::Error>(())
    /// ```
    pub fn put_indexed(
        &self,
        name: &str,
        index: impl IntoArgs,
        value: impl Into<Variant>,
    ) -> Result<()> {
        let value = value.into();
        let id = self.id_of(name)?;
        let mut index = index.into_args();
        // The index arguments left to right, without copying them here (they are copied
        // once, into DISPPARAMS beside the named value).
        let index: &[Variant] = match index.for_call() {
            ForCall::Borrowed(values) => values,
            ForCall::Owned(values) => {
                values.reverse();
                values
            }
        };
        let is_object = matches!(value.vt(), VT_DISPATCH | VT_UNKNOWN);
        let result = self.put_call(id, Member::Name(name), PROPERTYPUT, index, &value);
        match result {
            Err(e) if is_object && e.code() == DISP_E_MEMBERNOTFOUND => self
                .put_call(id, Member::Name(name), PROPERTYPUTREF, index, &value)
                .map_err(|_| e),
            other => other,
        }
    }

    /// Assigns an object by reference: `Set object.Name = value`
    /// (`DISPATCH_PROPERTYPUTREF`, falling back to `DISPATCH_PROPERTYPUT` when the member
    /// has no by-reference setter, `DISP_E_MEMBERNOTFOUND`).
    ///
    /// ```
    /// # comtypes::dispatch::doc_support::calculator(|calc| {
    /// calc.put_ref("Parent", &calc)?;
    /// let parent = calc.get("Parent")?.to_dispatch()?;
    /// assert_eq!(String::try_from(parent.get("Name")?)?, "calculator");
    /// # Ok(()) })?;
    /// # Ok::<(), comtypes::Error>(())
    /// ```
    pub fn put_ref(&self, name: &str, value: impl Into<Variant>) -> Result<()> {
        let value = value.into();
        let id = self.id_of(name)?;
        match self.put_call(id, Member::Name(name), PROPERTYPUTREF, &[], &value) {
            Err(e) if e.code() == DISP_E_MEMBERNOTFOUND => {
                self.put_call(id, Member::Name(name), PROPERTYPUT, &[], &value)
            }
            other => other,
        }
    }

    fn put_call(
        &self,
        id: i32,
        member: Member<'_>,
        flags: u16,
        index: &[Variant],
        value: &Variant,
    ) -> Result<()> {
        self.invoke_call(
            id,
            &Call {
                member,
                flags,
                positional: index,
                reversed: false,
                named: &[(DISPID_PROPERTYPUT, value, "the assigned value")],
            },
        )
        .map(drop)
    }

    /// The default member's value (`DISPID_VALUE`): what `x = object` reads in Visual
    /// Basic.
    ///
    /// ```
    /// # comtypes::dispatch::doc_support::calculator(|calc| {
    /// assert_eq!(String::try_from(calc.value()?)?, "calculator");
    /// # Ok(()) })?;
    /// # Ok::<(), comtypes::Error>(())
    /// ```
    pub fn value(&self) -> Result<Variant> {
        self.call_id(DISPID_VALUE, METHOD | PROPERTYGET, &[])
    }

    /// A call to build: named arguments, omitted ones, by-reference outputs.
    ///
    /// ```
    /// use comtypes::Variant;
    /// # comtypes::dispatch::doc_support::calculator(|calc| {
    /// let mut quotient = Variant::empty();
    /// // Divide(dividend, divisor, [out] quotient) returns the remainder.
    /// let remainder = calc.invoke("Divide").arg(17).arg(5).out(&mut quotient).call()?;
    /// assert_eq!(i32::try_from(&quotient)?, 3);
    /// assert_eq!(i32::try_from(remainder)?, 2);
    /// # Ok(()) })?;
    /// # Ok::<(), comtypes::Error>(())
    /// ```
    pub fn invoke<'a>(&'a self, name: &'a str) -> Invocation<'a> {
        Invocation::new(self, Member::Name(name))
    }

    /// As [`invoke`](Dispatch::invoke), for a member known by DISPID (such as
    /// `DISPID_VALUE`, the default member); named arguments need a name, so they fail
    /// here with `E_INVALIDARG`.
    ///
    /// ```
    /// use comtypes::interfaces::DISPID_VALUE;
    /// # comtypes::dispatch::doc_support::calculator(|calc| {
    /// calc.invoke_id(DISPID_VALUE).put("renamed")?;
    /// assert_eq!(String::try_from(calc.get("Name")?)?, "renamed");
    /// # Ok(()) })?;
    /// # Ok::<(), comtypes::Error>(())
    /// ```
    pub fn invoke_id(&self, id: i32) -> Invocation<'_> {
        Invocation::new(self, Member::Id(id))
    }

    /// The collection's items (`_NewEnum`, an `IEnumVARIANT`, fetched in batches).
    ///
    /// ```
    /// # comtypes::dispatch::doc_support::calculator(|calc| {
    /// let items: Vec<i32> = calc.iter()?.map(|v| i32::try_from(v?)).collect::<Result<_, _>>()?;
    /// assert_eq!(items, [1, 2, 3]);
    /// for item in &calc {
    ///     assert!(i32::try_from(item?)? > 0);
    /// }
    /// # Ok(()) })?;
    /// # Ok::<(), comtypes::Error>(())
    /// ```
    pub fn iter(&self) -> Result<Enumerator> {
        let source = self.call_id(DISPID_NEWENUM, METHOD | PROPERTYGET, &[])?;
        let unknown = IUnknown::try_from(&source).map_err(|_| {
            Error::new(
                DISP_E_TYPEMISMATCH,
                format!("_NewEnum returned {source:?}, not an enumerator object"),
            )
        })?;
        let enumerator = unknown.cast::<IEnumVARIANT>().map_err(|e| {
            Error::new(
                e.code(),
                "the object _NewEnum returned is not an IEnumVARIANT",
            )
        })?;
        Ok(Enumerator::new(enumerator))
    }

    /// The collection's items read by index, `Item(first)` to `Item(first + Count - 1)`:
    /// for collections whose `_NewEnum` is missing or broken (Wine's VBScript
    /// `MatchCollection`, for one). Collections differ in their first index: 0 for
    /// most scripting and DOM collections, 1 for Visual Basic's and Office's.
    ///
    /// ```
    /// # comtypes::dispatch::doc_support::calculator(|calc| {
    /// let items: Vec<i32> = calc
    ///     .items_by_index(0)?
    ///     .map(|v| i32::try_from(v?))
    ///     .collect::<Result<_, _>>()?;
    /// assert_eq!(items, [1, 2, 3]);
    /// # Ok(()) })?;
    /// # Ok::<(), comtypes::Error>(())
    /// ```
    pub fn items_by_index(&self, first: i32) -> Result<impl Iterator<Item = Result<Variant>> + '_> {
        let count = self.count()?;
        let last = i32::try_from(count)
            .ok()
            .and_then(|n| first.checked_add(n))
            .ok_or_else(|| {
                Error::new(
                    crate::hresult::DISP_E_OVERFLOW,
                    format!("Count is {count}: too many items to index from {first}"),
                )
            })?;
        Ok((first..last).map(move |i| self.item(i)))
    }

    /// The collection's `Count`.
    ///
    /// ```
    /// # comtypes::dispatch::doc_support::calculator(|calc| {
    /// assert_eq!(calc.count()?, 3);
    /// # Ok(()) })?;
    /// # Ok::<(), comtypes::Error>(())
    /// ```
    pub fn count(&self) -> Result<usize> {
        let count = i64::try_from(self.get("Count")?)?;
        usize::try_from(count).map_err(|_| {
            Error::new(
                crate::hresult::DISP_E_OVERFLOW,
                format!("Count is {count}, not a length"),
            )
        })
    }

    /// The collection's `Item(key)`: an index or a key, as the collection defines.
    ///
    /// ```
    /// # comtypes::dispatch::doc_support::calculator(|calc| {
    /// assert_eq!(i32::try_from(calc.item(1)?)?, 2);
    /// # Ok(()) })?;
    /// # Ok::<(), comtypes::Error>(())
    /// ```
    pub fn item(&self, key: impl Into<Variant>) -> Result<Variant> {
        self.call("Item", [key.into()])
    }

    /// A call with positional arguments only: those the call owns go to the callee in
    /// place (reordered last to first, no copy), borrowed ones as copies.
    #[inline(always)]
    fn invoke_positional<A: Arguments>(
        &self,
        id: i32,
        member: Member<'_>,
        flags: u16,
        args: &mut A,
    ) -> Result<Variant> {
        let values = match args.for_call() {
            ForCall::Owned(values) => values,
            ForCall::Borrowed(values) => {
                return self.invoke_call(
                    id,
                    &Call {
                        member,
                        flags,
                        positional: values,
                        reversed: false,
                        named: &[],
                    },
                )
            }
        };
        // What the callee leaves in the slots (our values, or its conversions of them)
        // is freed with `args`.
        match self.invoke_raw(id, flags, values, &mut []) {
            Ok(value) => Ok(value),
            Err(failure) => Err(self.invoke_error(
                failure,
                &Call {
                    member,
                    flags,
                    // As the callee left them: one that converted an argument in
                    // place before failing shows its conversion in the message.
                    positional: values,
                    reversed: true,
                    named: &[],
                },
            )),
        }
    }

    /// A call with borrowed arguments (in order): copies of them travel (see
    /// `args::pass`).
    fn invoke_call(&self, id: i32, call: &Call<'_>) -> Result<Variant> {
        // The common call (positional arguments only, a few) packs into an array on the
        // stack; the rest into `Packed`, which may use the heap.
        let mut inline = MaybeUninit::<[VARIANT; INLINE_ARGS]>::uninit();
        let mut packed;
        let params = if call.named.is_empty() && call.positional.len() <= INLINE_ARGS {
            fill_positional(&mut inline, call.positional)?
        } else {
            packed = Packed::new();
            packed.fill(
                call.positional,
                call.named.iter().map(|&(id, value, _)| (id, value)),
            )?
        };
        let outcome = {
            // SAFETY: `params` describes arrays of our own (filled above) that live
            // until after the call.
            let (values, named) = unsafe { arrays_of(&params) };
            self.invoke_raw(id, call.flags, values, named)
        };
        // SAFETY: `params` was filled above and is released once.
        unsafe { release(&params) };
        outcome.map_err(|failure| self.invoke_error(failure, call))
    }

    /// The one `Invoke` every call goes through: the member's value (empty for puts).
    ///
    /// The callee writes the value into a slot of ours, read back a word per load (our
    /// own server writes it a word per store): the value then travels on in registers,
    /// and no copy of it waits on the callee's stores (`VARIANT::write_words`).
    #[inline(always)]
    fn invoke_raw(
        &self,
        id: i32,
        flags: u16,
        values: &mut [Variant],
        named: &mut [i32],
    ) -> core::result::Result<Variant, Failure> {
        let is_put = flags & (PROPERTYPUT | PROPERTYPUTREF) != 0;
        // Written by the direct entry on success; set empty before an Invoke (which
        // may leave it as it is).
        let mut value_slot = MaybeUninit::<VARIANT>::uninit();
        let value_ptr = value_slot.as_mut_ptr();
        let result_ptr = if is_put {
            core::ptr::null_mut()
        } else {
            value_ptr
        };
        // SAFETY (both): when read, the slot holds a VARIANT, the callee's value or our
        // empty one, now ours. Our own server writes it a word per store, others as
        // they do.
        let ours = || unsafe { Variant::from_raw(VARIANT::read_words(value_ptr)) };
        let theirs = || unsafe { Variant::from_raw(VARIANT::read_by_type(value_ptr)) };
        if let Some(direct) = self.known.direct.get(&self.object) {
            // A `#[dispatch]` object in this process: the same call without the
            // protocol; EXCEPINFO and argerr are written only on failure.
            let mut failure = MaybeUninit::<DirectFailure>::uninit();
            // SAFETY: as for Invoke below.
            let hr = unsafe {
                direct.invoke(id, flags, values, result_ptr, named, failure.as_mut_ptr())
            };
            if hr.is_err() {
                // SAFETY: written by the failing entry.
                let DirectFailure {
                    exception,
                    arg_error,
                } = unsafe { failure.assume_init() };
                return Err(Failure {
                    hr,
                    exception,
                    arg_error,
                });
            }
            return Ok(if is_put { Variant::empty() } else { ours() });
        }
        // SAFETY: a writable local.
        unsafe { value_ptr.write(VARIANT::default()) };
        // DISPPARAMS only here: built before the branch, its stores were the direct
        // path's too.
        let mut params = DISPPARAMS {
            rgvarg: if values.is_empty() {
                core::ptr::null_mut()
            } else {
                values.as_mut_ptr().cast::<VARIANT>()
            },
            rgdispidNamedArgs: if named.is_empty() {
                core::ptr::null_mut()
            } else {
                named.as_mut_ptr()
            },
            cArgs: values.len() as u32,
            cNamedArgs: named.len() as u32,
        };
        let params = &mut params;
        // Zeroed as a whole on a 16-byte boundary (four aligned stores: field by field
        // took a measurable part of a fast call). Dropped (its strings freed) only when
        // the callee filled it in: a conforming callee leaves it untouched on success.
        let mut slot = MaybeUninit::<ExcepinfoSlot>::uninit();
        // SAFETY: all-zero bytes are a valid EXCEPINFO (null strings and pointers, no
        // fill-in function, zero codes); `slot` is never dropped, so the EXCEPINFO is
        // freed only where it is moved out below.
        let exception = unsafe {
            core::ptr::write_bytes(slot.as_mut_ptr(), 0, 1);
            &mut (*slot.as_mut_ptr()).0
        };
        let mut arg_error = u32::MAX;
        // SAFETY: a live IDispatch; `params` addresses initialised arrays of its counts
        // that live until after the call; the result, EXCEPINFO and argument-error
        // pointers are valid locals (the result null for puts, as Invoke's
        // documentation allows); the IID must be IID_NULL.
        let hr = unsafe {
            (self.object.vtable().Invoke)(
                self.object.as_raw(),
                id,
                &Guid::NULL,
                LCID,
                flags,
                params,
                result_ptr,
                exception,
                &mut arg_error,
            )
        };
        if hr.is_err() {
            // Whatever a callee left in the result despite failing is freed.
            drop(theirs());
            return Err(Failure {
                hr,
                // SAFETY: moved out once; `slot` is not used again.
                exception: unsafe { core::ptr::read(exception) },
                arg_error,
            });
        }
        let filled = !(exception.bstrSource.as_ptr().is_null()
            && exception.bstrDescription.as_ptr().is_null()
            && exception.bstrHelpFile.as_ptr().is_null());
        if filled {
            // SAFETY: freed once; `slot` is not used again.
            unsafe { core::ptr::drop_in_place(exception) };
        }
        Ok(theirs())
    }

    #[cold]
    #[inline(never)]
    fn invoke_error(&self, failure: Failure, call: &Call<'_>) -> Error {
        let Failure {
            hr,
            mut exception,
            arg_error,
        } = failure;
        let member = call.member;
        if hr == DISP_E_EXCEPTION {
            // Any IErrorInfo left by the callee belongs to this failure: take it, so it
            // cannot be mistaken for a later one's.
            let _ = Error::from_thread(hr);
            // SAFETY: the EXCEPINFO the callee just filled, its fill-in included.
            return unsafe { error_from_excepinfo(&mut exception, &member.to_string()) };
        }
        let theirs = Error::from_call(hr, self.object.as_unknown(), &IDispatch::IID);
        let context = match hr {
            DISP_E_TYPEMISMATCH | DISP_E_PARAMNOTFOUND => {
                let count = call.named.len() + call.positional.len();
                match slot_of(arg_error, count, call.named.len()) {
                    Some(ArgSlot::Positional(i)) => format!(
                        "{member}, argument {} ({})",
                        i + 1,
                        describe(if call.reversed {
                            &call.positional[call.positional.len() - 1 - i]
                        } else {
                            &call.positional[i]
                        })
                    ),
                    Some(ArgSlot::Named(i)) => {
                        let (_, value, name) = call.named[i];
                        format!("{member}, {name} ({})", describe(value))
                    }
                    None => member.to_string(),
                }
            }
            DISP_E_MEMBERNOTFOUND => {
                let what = match call.flags {
                    PROPERTYPUT => "cannot be assigned",
                    PROPERTYPUTREF => "cannot be assigned by reference",
                    _ => "is not a method or readable property",
                };
                format!("{member} {what}")
            }
            DISP_E_BADPARAMCOUNT => format!(
                "{member} does not take {} argument{}",
                call.positional.len(),
                if call.positional.len() == 1 { "" } else { "s" }
            ),
            DISP_E_NONAMEDARGS => format!("{member} takes no named arguments"),
            _ => member.to_string(),
        };
        let mut error = Error::new(hr, format!("{context}: {}", text_of(&theirs)));
        if let Some(source) = theirs.source() {
            error = Error::with_detail(
                hr,
                crate::ErrorDetail {
                    description: error.description().unwrap_or_default().to_string(),
                    source: source.to_string(),
                    help_file: theirs.help_file().unwrap_or_default().to_string(),
                    help_context: theirs.help_context(),
                    interface: theirs.interface(),
                },
            );
        }
        error
    }
}

/// The two arrays a DISPPARAMS of ours describes.
///
/// # Safety
/// `params` describes initialised arrays of its counts (or null ones when a count is
/// 0) that outlive the returned slices and are not otherwise used meanwhile.
unsafe fn arrays_of<'a>(params: &DISPPARAMS) -> (&'a mut [Variant], &'a mut [i32]) {
    // SAFETY: the caller's promise; `Variant` is a transparent VARIANT.
    unsafe {
        let values: &mut [Variant] = match params.cArgs {
            0 => &mut [],
            count => core::slice::from_raw_parts_mut(params.rgvarg.cast(), count as usize),
        };
        let named: &mut [i32] = match params.cNamedArgs {
            0 => &mut [],
            count => core::slice::from_raw_parts_mut(params.rgdispidNamedArgs, count as usize),
        };
        (values, named)
    }
}

/// The description of an error, or its code's message.
fn text_of(error: &Error) -> String {
    match error.description() {
        Some(text) => text.to_string(),
        None => error.code().message(),
    }
}

/// An argument for an error message: `VT_BSTR "x"`, `VT_I4 2`.
fn describe(value: &Variant) -> String {
    if value.is_missing() {
        return "omitted".to_string();
    }
    format!("{value:?}")
}

/// The answers to "method or property get" that mean "ask for the property alone".
fn is_not_a_method(code: HRESULT) -> bool {
    /// JScript's "Function expected" (JS_E_FUNCTION_EXPECTED).
    const JS_E_FUNCTION_EXPECTED: HRESULT = HRESULT(0x800A138Au32 as i32);
    matches!(
        code,
        DISP_E_MEMBERNOTFOUND | crate::hresult::E_NOTIMPL | JS_E_FUNCTION_EXPECTED
    )
}

impl fmt::Debug for Dispatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Dispatch({:p})", self.object.as_raw())
    }
}

impl From<IDispatch> for Dispatch {
    fn from(object: IDispatch) -> Dispatch {
        Dispatch::new(object)
    }
}

impl From<Dispatch> for IDispatch {
    fn from(object: Dispatch) -> IDispatch {
        object.object
    }
}

impl TryFrom<&Variant> for Dispatch {
    type Error = Error;
    /// The object of a `VT_DISPATCH` (or of a `VT_UNKNOWN` that has IDispatch);
    /// `DISP_E_TYPEMISMATCH` for every other value.
    fn try_from(value: &Variant) -> Result<Dispatch> {
        IDispatch::try_from(value).map(Dispatch::new).map_err(|e| {
            Error::new(
                e.code(),
                format!("{value:?} is not an automation object (no IDispatch)"),
            )
        })
    }
}

impl TryFrom<Variant> for Dispatch {
    type Error = Error;
    /// As `TryFrom<&Variant>`.
    fn try_from(value: Variant) -> Result<Dispatch> {
        Dispatch::try_from(&value)
    }
}

impl From<Dispatch> for Variant {
    /// A `VT_DISPATCH` owning the reference.
    fn from(value: Dispatch) -> Variant {
        Variant::from(value.object)
    }
}

impl From<&Dispatch> for Variant {
    /// A `VT_DISPATCH` holding a new reference (AddRef).
    fn from(value: &Dispatch) -> Variant {
        Variant::from(value.object.clone())
    }
}

impl IntoIterator for &Dispatch {
    type Item = Result<Variant>;
    type IntoIter = Enumerator;
    /// As [`Dispatch::iter`]; when the object cannot be enumerated, the iterator's only
    /// item is that error.
    fn into_iter(self) -> Enumerator {
        self.iter().unwrap_or_else(Enumerator::failed)
    }
}

impl Variant {
    /// The automation object a `VT_DISPATCH` holds (or a `VT_UNKNOWN` with IDispatch), to
    /// call late-bound; `DISP_E_TYPEMISMATCH` for other values.
    ///
    /// ```
    /// # comtypes::dispatch::doc_support::calculator(|calc| {
    /// let parent = calc.get("Self")?.to_dispatch()?;
    /// assert_eq!(i32::try_from(parent.call("Add", (1, 1))?)?, 2);
    /// let err = comtypes::Variant::from(5).to_dispatch().unwrap_err();
    /// assert_eq!(err.code(), comtypes::hresult::DISP_E_TYPEMISMATCH);
    /// # Ok(()) })?;
    /// # Ok::<(), comtypes::Error>(())
    /// ```
    pub fn to_dispatch(&self) -> Result<Dispatch> {
        Dispatch::try_from(self)
    }
}

/// A late-bound call being built by [`Dispatch::invoke`]: positional arguments in
/// order, omitted ones, named ones, by-reference outputs; then [`call`](Invocation::call),
/// [`put`](Invocation::put), [`put_ref`](Invocation::put_ref) or
/// [`with_flags`](Invocation::with_flags).
///
/// ```
/// use comtypes::Variant;
/// # comtypes::dispatch::doc_support::calculator(|calc| {
/// // Add(a, [b]): the second argument omitted, then given by name.
/// assert_eq!(i32::try_from(calc.invoke("Add").arg(7).missing().call()?)?, 7);
/// assert_eq!(i32::try_from(calc.invoke("Add").arg(7).named("b", 1).call()?)?, 8);
/// # Ok(()) })?;
/// # Ok::<(), comtypes::Error>(())
/// ```
#[must_use = "an invocation does nothing until `call`, `put`, `put_ref` or `with_flags`"]
pub struct Invocation<'a> {
    target: &'a Dispatch,
    member: Member<'a>,
    positional: Vec<Variant>,
    named: Vec<(&'a str, Variant)>,
    /// The by-reference arguments point at the caller's storage, borrowed until the call.
    _outs: PhantomData<&'a mut Variant>,
}

impl<'a> Invocation<'a> {
    fn new(target: &'a Dispatch, member: Member<'a>) -> Self {
        Invocation {
            target,
            member,
            positional: Vec::new(),
            named: Vec::new(),
            _outs: PhantomData,
        }
    }

    /// The next positional argument.
    pub fn arg(mut self, value: impl Into<Variant>) -> Self {
        self.positional.push(value.into());
        self
    }

    /// More positional arguments.
    pub fn args(mut self, values: impl IntoArgs) -> Self {
        let mut values = values.into_args();
        match values.for_call() {
            // Values the caller gave up are moved, not copied.
            ForCall::Owned(values) => self
                .positional
                .extend(values.iter_mut().rev().map(core::mem::take)),
            ForCall::Borrowed(values) => self.positional.extend(values.iter().cloned()),
        }
        self
    }

    /// An omitted optional positional argument (`VT_ERROR` holding
    /// `DISP_E_PARAMNOTFOUND`), so later ones keep their places.
    pub fn missing(self) -> Self {
        self.arg(Variant::missing())
    }

    /// A named argument (its DISPID looked up with the member's, in one call).
    pub fn named(mut self, name: &'a str, value: impl Into<Variant>) -> Self {
        self.named.push((name, value.into()));
        self
    }

    /// A by-reference (`[in, out]`) positional argument: the callee reads `target` and
    /// writes its output there, visible after the call.
    ///
    /// An empty `target` travels as `VT_BYREF | VT_VARIANT`; one holding a value of a
    /// simple type (a number, string, object, array) as `VT_BYREF` of that type, which
    /// is what components checking the type of their `[out] BSTR*` (say) want.
    pub fn out(mut self, target: &'a mut Variant) -> Self {
        let vt = target.vt();
        let typed = vt != VT_EMPTY && vt & VT_BYREF == 0 && vt != VT_DECIMAL && {
            let base = vt & !VT_ARRAY;
            base <= crate::variant::VT_UINT || vt & VT_ARRAY != 0
        };
        let reference = if typed {
            // SAFETY: `target` is borrowed mutably for 'a, which outlives this
            // invocation and so every copy of the reference; the pointer addresses the
            // value of its VARIANT, of type `vt`.
            unsafe {
                Variant::by_ref_raw(
                    vt,
                    core::ptr::addr_of_mut!(target.0.data) as *mut core::ffi::c_void,
                )
            }
        } else {
            // SAFETY: as above; the whole VARIANT is the target.
            unsafe { Variant::by_ref(target) }
        };
        self.positional.push(reference);
        self
    }

    /// Calls a method or reads a (possibly indexed) property
    /// (`DISPATCH_METHOD | DISPATCH_PROPERTYGET`).
    pub fn call(self) -> Result<Variant> {
        self.with_flags(METHOD | PROPERTYGET)
    }

    /// Assigns `value` to the property (indexed by the positional arguments).
    pub fn put(self, value: impl Into<Variant>) -> Result<()> {
        self.with_flags_and_value(PROPERTYPUT, value.into())
            .map(drop)
    }

    /// Assigns an object by reference (falling back to a by-value assignment when the
    /// member has no by-reference setter).
    pub fn put_ref(self, value: impl Into<Variant>) -> Result<()> {
        let value = value.into();
        match self.run(PROPERTYPUTREF, Some(&value)) {
            Err(e) if e.code() == DISP_E_MEMBERNOTFOUND => {
                self.run(PROPERTYPUT, Some(&value)).map(drop)
            }
            other => other.map(drop),
        }
    }

    /// Invokes with exactly these `DISPATCH_*` flags.
    pub fn with_flags(self, flags: u16) -> Result<Variant> {
        self.run(flags, None)
    }

    fn with_flags_and_value(self, flags: u16, value: Variant) -> Result<Variant> {
        self.run(flags, Some(&value))
    }

    fn run(&self, flags: u16, value: Option<&Variant>) -> Result<Variant> {
        let target = self.target;
        let (id, param_ids) = match self.member {
            Member::Id(id) if self.named.is_empty() => (id, Vec::new()),
            Member::Id(id) => {
                return Err(Error::new(
                    E_INVALIDARG,
                    format!("{}: named arguments need the member's name", Member::Id(id)),
                ))
            }
            Member::Name(name) if self.named.is_empty() => (target.id_of(name)?, Vec::new()),
            Member::Name(name) => {
                let params: Vec<&str> = self.named.iter().map(|(n, _)| *n).collect();
                let ids = target.ids_of(name, &params)?;
                target.known.names.insert(name, ids[0]);
                (ids[0], ids[1..].to_vec())
            }
        };
        let mut named: Vec<(i32, &Variant, &str)> = Vec::with_capacity(self.named.len() + 1);
        if let Some(value) = value {
            named.push((DISPID_PROPERTYPUT, value, "the assigned value"));
        }
        named.extend(
            self.named
                .iter()
                .zip(param_ids)
                .map(|((name, value), id)| (id, value, *name)),
        );
        target.invoke_call(
            id,
            &Call {
                member: self.member,
                flags,
                positional: &self.positional,
                reversed: false,
                named: &named,
            },
        )
    }
}

impl fmt::Debug for Invocation<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Invocation")
            .field("member", &self.member.to_string())
            .field("positional", &self.positional)
            .field(
                "named",
                &self.named.iter().map(|(n, v)| (n, v)).collect::<Vec<_>>(),
            )
            .finish()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_name_cache_keeps_short_names_inline_and_spills_the_rest() {
        let cache = super::NameCache::default();
        let long = "L".repeat(super::INLINE_NAME_BYTES + 1);
        let names: Vec<String> = (0..12).map(|i| format!("Name{i}")).collect();
        for (i, name) in names.iter().enumerate() {
            cache.insert(name, i as i32);
        }
        cache.insert(&long, 99);
        cache.insert("NAME3", 1000); // already there, whatever the case: ignored
        for (i, name) in names.iter().enumerate() {
            assert_eq!(cache.find(name), Some(i as i32), "{name}");
            assert_eq!(cache.find(&name.to_uppercase()), Some(i as i32), "{name}");
        }
        assert_eq!(cache.find(&long.to_lowercase()), Some(99));
        assert_eq!(cache.find("Name12"), None);
        let entries = cache.entries.borrow();
        assert_eq!(entries.inline_count, super::INLINE_NAMES);
        assert_eq!(entries.spilled.len(), 12 - super::INLINE_NAMES + 1);
    }

    #[test]
    fn the_last_name_hint_matches_exactly_that_spelling() {
        use super::LastName;
        for len in 1..=super::LAST_NAME_BYTES {
            let name: String = (0..len).map(|i| char::from(b'a' + i as u8)).collect();
            let hint = LastName::new(&name, 7).expect("short enough");
            assert!(hint.is(name.as_bytes()), "{name}");
            for at in 0..len {
                let mut other = name.clone().into_bytes();
                other[at] = b'Z';
                assert!(
                    !hint.is(&other),
                    "{name} vs {:?}",
                    String::from_utf8_lossy(&other)
                );
            }
            assert!(!hint.is(&name.as_bytes()[..len - 1]), "{name}: shorter");
            assert!(!hint.is(format!("{name}x").as_bytes()), "{name}: longer");
        }
        assert!(LastName::new(&"n".repeat(super::LAST_NAME_BYTES + 1), 1).is_none());
        assert!(LastName::new("", 1).is_none());
        assert!(!LastName::default().is(b""), "no hint yet matches nothing");
    }

    #[test]
    fn member_names_in_messages() {
        use super::Member;
        assert_eq!(Member::Name("Add").to_string(), "Add");
        assert_eq!(
            Member::Id(0).to_string(),
            "the default member (DISPID_VALUE)"
        );
        assert_eq!(Member::Id(7).to_string(), "DISPID 7");
    }
}
