//! The direct path of `Dispatch`: from its second call on, a `Dispatch` talking to a
//! `#[dispatch]` object in this process calls the object's direct entry (found by
//! QueryInterface for the private `IID_DIRECT_DISPATCH`) instead of `IDispatch::Invoke`,
//! provided the `IDispatch` it holds is one of that very object's interface pointers.
//!
//! That is an optimisation only, so everything a caller can see must stay as `Invoke`
//! makes it: the same values, the same HRESULTs, EXCEPINFO, argerr and IErrorInfo, hence
//! the same `Error` (code, description, source, help file and context, text). Checked
//! here call by call: a fresh `Dispatch` (whose first call is an `Invoke`), one whose
//! compared call is the one that finds the entry, and one that has already found it,
//! against each other, against a `Dispatch` that only ever calls `Invoke` (through a
//! spy, see below), and against a warmed one whose direct calls are counted (through a
//! spy taking part in the protocol). Which path a `Dispatch` takes is read from
//! `Dispatch::calls_directly` (true once it, or a clone, has found the entry), and
//! where a spy stands in between, from what the spy counted.
//!
//! The spy is a hand-built IDispatch in front of an inner `#[dispatch]` object that
//! passes QueryInterface on (the private IID included) and counts the Invokes reaching
//! it: its `IDispatch` is not one of the inner object's interface pointers, so it must
//! keep being called through its `Invoke` (the identity check). A spy can instead take
//! part in the protocol, answering the private IID with an entry slot of its own that
//! counts the direct calls it passes on: that lets a test run code inside the query
//! for the entry and still see later calls go direct.
//!
//! Around that: who answers the private IID (only `#[dispatch]` objects), hand-written
//! IDispatch implementations (always `Invoke`), members calling back into the same
//! `Dispatch`, a call made while the `Dispatch` asks for the entry, and error info left
//! behind by failed direct calls.

use comtypes::hresult::{
    DISP_E_BADPARAMCOUNT, DISP_E_EXCEPTION, DISP_E_MEMBERNOTFOUND, DISP_E_PARAMNOTFOUND,
    DISP_E_TYPEMISMATCH, DISP_E_UNKNOWNNAME, E_FAIL, E_INVALIDARG, E_NOINTERFACE, E_NOTIMPL,
    E_POINTER, E_UNEXPECTED, S_OK,
};
use comtypes::imp::{DirectFailure, RustObjectVtbl, IID_DIRECT_DISPATCH, RUST_OBJECT};
use comtypes::interfaces::{
    IDispatch_Impl, IDispatch_Vtbl, ISupportErrorInfo_Impl, ISupportErrorInfo_Vtbl, ITypeInfo,
    DISPATCH_METHOD, DISPATCH_PROPERTYGET, DISPATCH_PROPERTYPUT, DISPID_PROPERTYPUT, DISPID_VALUE,
    DISPPARAMS, EXCEPINFO,
};
use comtypes::variant::{VARIANT, VT_BSTR, VT_BYREF, VT_I4, VT_VARIANT};
use comtypes::{
    dispatch, implement, interface, Apartment, Bstr, ComObject, Dispatch, Error, ErrorDetail, Guid,
    IDispatch, ISupportErrorInfo, IUnknown, IUnknown_Vtbl, Interface, Result, Variant, HRESULT,
};
use core::ffi::c_void;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

// ---------------------------------------------------------------------------------------
// The objects.

/// A `#[dispatch]` object with one member of each kind that matters to the call path.
#[implement(IDispatch)]
struct Sample {
    name: RefCell<String>,
    records: RefCell<Vec<String>>,
    drops: Rc<Cell<u32>>,
}

impl Drop for Sample {
    fn drop(&mut self) {
        self.drops.set(self.drops.get() + 1);
    }
}

#[dispatch]
impl Sample {
    /// The warm-up call: no arguments, no state.
    fn ping(&self) -> i32 {
        1
    }

    /// All parameters required values: the generated fast path.
    fn add(&self, a: i32, b: i32) -> i32 {
        a.wrapping_add(b)
    }

    /// A defaulted and an optional parameter: the general path.
    fn greet(
        &self,
        name: String,
        #[default(1)] times: i32,
        suffix: Option<String>,
    ) -> Result<String> {
        let times = usize::try_from(times)
            .map_err(|_| Error::new(E_INVALIDARG, format!("cannot greet {name} {times} times")))?;
        Ok(format!("Hello, {name}. ")
            .repeat(times)
            .trim_end()
            .to_string()
            + &suffix.unwrap_or_default())
    }

    #[dispatch(propget)]
    fn get_name(&self) -> String {
        self.name.borrow().clone()
    }

    #[dispatch(propput)]
    fn set_name(&self, value: String) {
        *self.name.borrow_mut() = value;
    }

    /// A property that can only be written: a read is DISP_E_MEMBERNOTFOUND, which
    /// `Dispatch::get` retries as a pure property get.
    #[dispatch(propput, name = "WriteOnly")]
    fn set_write_only(&self, value: String) {
        self.records.borrow_mut().push(value);
    }

    /// A side effect: the number of records so far.
    fn record(&self, text: String) -> i32 {
        self.records.borrow_mut().push(text);
        self.records.borrow().len() as i32
    }

    /// The default member.
    #[dispatch(value)]
    fn value(&self) -> String {
        format!("Sample {}", self.name.borrow())
    }

    fn fail(&self) -> Result<i32> {
        Err(Error::new(E_FAIL, "it failed"))
    }

    /// An error with every IErrorInfo field.
    #[dispatch(name = "FailWithHelp")]
    fn fail_with_help(&self) -> Result<i32> {
        Err(Error::with_detail(
            E_INVALIDARG,
            ErrorDetail {
                description: "see the help".to_string(),
                source: "Sample.Helpful".to_string(),
                help_file: "sample.chm".to_string(),
                help_context: 42,
                interface: IDispatch::IID,
            },
        ))
    }

    /// An error without a description.
    #[dispatch(name = "FailBare")]
    fn fail_bare(&self) -> Result<()> {
        Err(Error::from(E_NOTIMPL))
    }

    /// An error with an empty description.
    #[dispatch(name = "FailEmpty")]
    fn fail_empty(&self) -> Result<()> {
        Err(Error::new(E_FAIL, ""))
    }

    /// The member itself fails with an argument error's code: an exception, not argerr.
    #[dispatch(name = "FailAsMismatch")]
    fn fail_as_mismatch(&self) -> Result<i32> {
        Err(Error::new(DISP_E_TYPEMISMATCH, "raised by the member"))
    }

    fn explode(&self) -> i32 {
        panic!("boom")
    }

    /// A panic on the general path (an optional parameter), with a formatted message.
    #[dispatch(name = "ExplodeLater")]
    fn explode_later(&self, when: Option<i32>) -> i32 {
        panic!("boom at {}", when.unwrap_or(-1))
    }

    /// An `[in, out]` parameter.
    fn bump(&self, n: &mut i32, by: i32) -> i32 {
        *n += by;
        *n * 10
    }

    /// An `[in, out]` parameter changed by a member that then fails: nothing is written.
    fn spoil(&self, n: &mut i32) -> Result<()> {
        *n = 99;
        Err(Error::new(E_FAIL, "spoilt"))
    }

    /// An `[in, out]` string: text cannot go back into a `VT_BYREF|VT_I4`.
    fn label(&self, text: &mut String) {
        *text = "label".to_string();
    }

    /// The argument as it arrives: its VARTYPE.
    fn kind(&self, value: &Variant) -> i32 {
        i32::from(value.vt())
    }

    fn echo(&self, value: Variant) -> Variant {
        value
    }

    /// More parameters than the client and server keep inline (8).
    #[allow(clippy::too_many_arguments)]
    fn nine(&self, a: i32, b: i32, c: i32, d: i32, e: i32, f: i32, g: i32, h: i32, i: i32) -> i32 {
        [a, b, c, d, e, f, g, h, i]
            .iter()
            .enumerate()
            .map(|(k, v)| v * 10i32.pow(k as u32))
            .sum()
    }

    #[dispatch(new_enum)]
    fn items(&self) -> Vec<i32> {
        vec![3, 1, 4]
    }

    /// A new object each time, for chained calls.
    fn child(&self) -> IDispatch {
        sample()
    }
}

fn sample_counting(drops: Rc<Cell<u32>>) -> Sample {
    Sample {
        name: RefCell::new("initial".to_string()),
        records: RefCell::new(Vec::new()),
        drops,
    }
}

fn sample() -> IDispatch {
    sample_counting(Rc::default()).into()
}

/// IDispatch written by hand (no `#[dispatch]`), counting its Invoke calls.
#[implement(IDispatch)]
struct Tally {
    invokes: Rc<Cell<u32>>,
}

impl IDispatch_Impl for Tally {
    fn GetTypeInfoCount(&self) -> Result<u32> {
        Ok(0)
    }

    fn GetTypeInfo(&self, _index: u32, _lcid: u32) -> Result<ITypeInfo> {
        Err(E_NOTIMPL.into())
    }

    unsafe fn GetIDsOfNames(
        &self,
        _iid: *const Guid,
        names: *const *const u16,
        count: u32,
        _lcid: u32,
        ids: *mut i32,
    ) -> Result<()> {
        // SAFETY: GetIDsOfNames' caller passes `count` NUL-terminated names and room for
        // `count` DISPIDs.
        let (name, id) = unsafe {
            let name = *names;
            let len = (0..).take_while(|&k| *name.add(k) != 0).count();
            (
                String::from_utf16_lossy(core::slice::from_raw_parts(name, len)),
                &mut *ids,
            )
        };
        let known = [("Next", 1), ("Fail", 2)]
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(&name));
        match known {
            Some(&(_, dispid)) if count == 1 => {
                *id = dispid;
                Ok(())
            }
            _ => {
                *id = -1;
                Err(DISP_E_UNKNOWNNAME.into())
            }
        }
    }

    unsafe fn Invoke(
        &self,
        id: i32,
        _iid: *const Guid,
        _lcid: u32,
        _flags: u16,
        _params: *mut DISPPARAMS,
        result: *mut VARIANT,
        exception: *mut EXCEPINFO,
        _arg_error: *mut u32,
    ) -> Result<()> {
        self.invokes.set(self.invokes.get() + 1);
        match id {
            1 => {
                // SAFETY: a non-null result is the caller's empty VARIANT.
                if let Some(slot) = unsafe { result.as_mut() } {
                    *slot = Variant::from(self.invokes.get() as i32).into_raw();
                }
                Ok(())
            }
            2 => {
                // SAFETY: the caller's EXCEPINFO, or null.
                if let Some(info) = unsafe { exception.as_mut() } {
                    info.bstrDescription = Bstr::from("tally failed");
                    info.scode = E_FAIL.0;
                }
                Err(DISP_E_EXCEPTION.into())
            }
            _ => Err(DISP_E_MEMBERNOTFOUND.into()),
        }
    }
}

/// A `#[dispatch]` object that lists ISupportErrorInfo itself, so it has no automatic
/// slot to carry the direct entry.
#[implement(IDispatch, ISupportErrorInfo)]
struct OwnErrorInfo;

#[dispatch]
impl OwnErrorInfo {
    fn twice(&self, x: i32) -> i32 {
        x * 2
    }

    fn fail(&self) -> Result<()> {
        Err(Error::new(E_FAIL, "own failure"))
    }
}

impl ISupportErrorInfo_Impl for OwnErrorInfo {
    unsafe fn InterfaceSupportsErrorInfo(&self, iid: *const Guid) -> HRESULT {
        // SAFETY: the caller's IID, or null.
        match unsafe { iid.as_ref() } {
            Some(iid) if *iid == IDispatch::IID => S_OK,
            Some(_) => comtypes::hresult::S_FALSE,
            None => E_POINTER,
        }
    }
}

#[interface("6E0B1F52-84C4-4C1B-9A3D-2F7C5B9E0D41")]
unsafe trait IDualSample: IDispatch {
    fn Three(&self, #[out] value: *mut i32) -> HRESULT;
}

/// A dual interface whose IDispatch part is `#[dispatch]`'s.
#[implement(IDualSample)]
struct Dual;

#[dispatch]
impl Dual {
    fn three(&self) -> i32 {
        3
    }
}

impl IDualSample_Impl for Dual {
    fn Three(&self) -> Result<i32> {
        Ok(3)
    }
}

/// A `#[dispatch]` object that calls itself through a `Dispatch` it keeps.
#[implement(IDispatch)]
struct Recursive {
    me: RefCell<Option<Dispatch>>,
    /// `calls_directly()` of `me` as `Quadruple` saw it: on entry, then after its first
    /// inner call.
    seen_direct: RefCell<Vec<bool>>,
    drops: Rc<Cell<u32>>,
}

impl Drop for Recursive {
    fn drop(&mut self) {
        self.drops.set(self.drops.get() + 1);
    }
}

impl Recursive {
    fn with_me<R>(&self, body: impl FnOnce(&Dispatch) -> Result<R>) -> Result<R> {
        let me = self.me.borrow();
        let me = me
            .as_ref()
            .ok_or_else(|| Error::new(E_FAIL, "no Dispatch to myself"))?;
        body(me)
    }
}

#[dispatch]
impl Recursive {
    fn double(&self, x: i32) -> i32 {
        x * 2
    }

    /// Double, twice, through the object's own `Dispatch`.
    fn quadruple(&self, x: i32) -> Result<i32> {
        self.with_me(|me| {
            self.seen_direct.borrow_mut().push(me.calls_directly());
            let twice = i32::try_from(me.call("Double", (x,))?)?;
            self.seen_direct.borrow_mut().push(me.calls_directly());
            i32::try_from(me.call("Double", (twice,))?)
        })
    }

    /// `n` levels of calls into itself.
    fn depth(&self, n: i32) -> Result<i32> {
        if n == 0 {
            return Ok(0);
        }
        self.with_me(|me| Ok(i32::try_from(me.call("Depth", (n - 1,))?)? + 1))
    }

    fn fail(&self, text: String) -> Result<()> {
        Err(Error::new(E_FAIL, text))
    }

    /// A failure of an inner call, caught: the outer call succeeds with its text.
    fn swallow(&self) -> Result<String> {
        self.with_me(|me| {
            let inner = me.call("Fail", ("inner failure",)).unwrap_err();
            Ok(inner.to_string())
        })
    }

    /// A failure of an inner call, passed on as the outer call's error.
    fn propagate(&self) -> Result<i32> {
        self.with_me(|me| {
            me.call("Fail", ("passed on",))?;
            Ok(0)
        })
    }
}

// ---------------------------------------------------------------------------------------
/// The objects built by hand in this file: their vtable pointer first, then a
/// reference count; made by `Box::into_raw` with one reference.
trait HandBuilt {
    fn refs(&self) -> &Cell<u32>;
}

/// AddRef of a hand-built object.
unsafe extern "system" fn add_ref<T: HandBuilt>(this: *mut c_void) -> u32 {
    // SAFETY: AddRef's contract: a live object of this type.
    let object = unsafe { &*(this as *const T) };
    object.refs().set(object.refs().get() + 1);
    object.refs().get()
}

/// Release of a hand-built object; the last one frees it.
unsafe extern "system" fn release<T: HandBuilt>(this: *mut c_void) -> u32 {
    // SAFETY: Release's contract: a live object, whose caller gives up one reference.
    let left = unsafe {
        let object = &*(this as *const T);
        object.refs().set(object.refs().get() - 1);
        object.refs().get()
    };
    if left == 0 {
        // SAFETY: the last reference: made by `Box::into_raw`, freed once.
        drop(unsafe { Box::from_raw(this as *mut T) });
    }
    left
}

// A spy: a raw IDispatch in front of an object, counting the Invokes that reach it and
// passing every other QueryInterface on (IUnknown included, so it claims the inner
// object's identity). It is written without `#[implement]`, whose QueryInterface would
// not pass those on.
//
// The query for the direct entry is passed on too (`Spy::wrap`): the inner object answers
// with its own entry, which a `Dispatch` must refuse, since the spy's IDispatch is not one
// of the inner object's interface pointers. Or the spy takes part in the protocol
// (`Spy::wrap_taking_part`): it answers with an entry slot of its own (`EntrySlot`) that
// vouches for the spy's IDispatch and passes direct calls on to the inner object's entry,
// counting them.

#[derive(Default)]
struct SpyLog {
    invokes: Cell<u32>,
    direct_queries: Cell<u32>,
    /// Calls that reached the spy's own entry slot (`Spy::wrap_taking_part` only).
    direct_calls: Cell<u32>,
    /// Run (once) when the direct entry is asked for, before the query is answered.
    on_direct_query: RefCell<Option<Box<dyn Fn()>>>,
}

#[repr(C)]
struct Spy {
    vtable: &'static IDispatch_Vtbl,
    refs: Cell<u32>,
    inner: IDispatch,
    log: Rc<SpyLog>,
    /// Whether the spy answers the private IID with an `EntrySlot` of its own.
    takes_part: bool,
}

static SPY_VTABLE: IDispatch_Vtbl = IDispatch_Vtbl {
    base__: IUnknown_Vtbl {
        QueryInterface: spy_query,
        AddRef: add_ref::<Spy>,
        Release: release::<Spy>,
    },
    GetTypeInfoCount: spy_type_info_count,
    GetTypeInfo: spy_type_info,
    GetIDsOfNames: spy_ids_of_names,
    Invoke: spy_invoke,
};

impl HandBuilt for Spy {
    fn refs(&self) -> &Cell<u32> {
        &self.refs
    }
}

impl Spy {
    /// `inner` behind a spy that passes the query for the direct entry on, and what the
    /// spy sees.
    fn wrap(inner: IDispatch) -> (IDispatch, Rc<SpyLog>) {
        Spy::create(inner, false)
    }

    /// `inner` behind a spy that answers the query for the direct entry with an entry
    /// slot of its own, and what the spy sees.
    fn wrap_taking_part(inner: IDispatch) -> (IDispatch, Rc<SpyLog>) {
        Spy::create(inner, true)
    }

    fn create(inner: IDispatch, takes_part: bool) -> (IDispatch, Rc<SpyLog>) {
        let log = Rc::new(SpyLog::default());
        let spy = Box::new(Spy {
            vtable: &SPY_VTABLE,
            refs: Cell::new(1),
            inner,
            log: Rc::clone(&log),
            takes_part,
        });
        // SAFETY: a `Spy` starts with its IDispatch vtable pointer and carries the one
        // reference handed over here; `release::<Spy>` frees it.
        let object = unsafe { IDispatch::from_raw(Box::into_raw(spy).cast::<c_void>()) };
        (object, log)
    }

    /// # Safety
    /// `this` is a live spy.
    unsafe fn of<'a>(this: *mut c_void) -> &'a Spy {
        // SAFETY: the caller's promise.
        unsafe { &*(this as *const Spy) }
    }
}

unsafe extern "system" fn spy_query(
    this: *mut c_void,
    iid: *const Guid,
    object: *mut *mut c_void,
) -> HRESULT {
    if object.is_null() {
        return E_POINTER;
    }
    // SAFETY: QueryInterface's contract: `this` is live, `iid` readable or null,
    // `object` writable.
    unsafe {
        object.write(core::ptr::null_mut());
        let Some(iid) = iid.as_ref() else {
            return E_POINTER;
        };
        let spy = Spy::of(this);
        if *iid == IDispatch::IID {
            add_ref::<Spy>(this);
            object.write(this);
            return S_OK;
        }
        if *iid == IID_DIRECT_DISPATCH {
            spy.log.direct_queries.set(spy.log.direct_queries.get() + 1);
            let hook = spy.log.on_direct_query.borrow_mut().take();
            if let Some(hook) = hook {
                hook();
            }
            if spy.takes_part {
                return EntrySlot::answer(this, spy, object);
            }
        }
        // Everything else (IUnknown, ISupportErrorInfo, the direct entry unless the spy
        // takes part) is the inner object's.
        spy.inner.as_unknown().query(iid, object)
    }
}

unsafe extern "system" fn spy_type_info_count(this: *mut c_void, count: *mut u32) -> HRESULT {
    // SAFETY: a live spy; the out pointer passed on.
    unsafe {
        let inner = &Spy::of(this).inner;
        (inner.vtable().GetTypeInfoCount)(inner.as_raw(), count)
    }
}

unsafe extern "system" fn spy_type_info(
    this: *mut c_void,
    index: u32,
    lcid: u32,
    info: *mut Option<ITypeInfo>,
) -> HRESULT {
    // SAFETY: a live spy; the out pointer passed on.
    unsafe {
        let inner = &Spy::of(this).inner;
        (inner.vtable().GetTypeInfo)(inner.as_raw(), index, lcid, info)
    }
}

unsafe extern "system" fn spy_ids_of_names(
    this: *mut c_void,
    iid: *const Guid,
    names: *const *const u16,
    count: u32,
    lcid: u32,
    ids: *mut i32,
) -> HRESULT {
    // SAFETY: a live spy; the caller's arrays passed on.
    unsafe {
        let inner = &Spy::of(this).inner;
        (inner.vtable().GetIDsOfNames)(inner.as_raw(), iid, names, count, lcid, ids)
    }
}

#[allow(clippy::too_many_arguments)]
unsafe extern "system" fn spy_invoke(
    this: *mut c_void,
    id: i32,
    iid: *const Guid,
    lcid: u32,
    flags: u16,
    params: *mut DISPPARAMS,
    result: *mut VARIANT,
    exception: *mut EXCEPINFO,
    arg_error: *mut u32,
) -> HRESULT {
    // SAFETY: a live spy; the caller's pointers passed on.
    unsafe {
        let spy = Spy::of(this);
        spy.log.invokes.set(spy.log.invokes.get() + 1);
        (spy.inner.vtable().Invoke)(
            spy.inner.as_raw(),
            id,
            iid,
            lcid,
            flags,
            params,
            result,
            exception,
            arg_error,
        )
    }
}

/// The entry slot of a spy that takes part in the protocol: a separate object (the spy
/// hands out a new one for each query), marked as the library marks its own slots. It
/// vouches for the spy's IDispatch and passes direct calls on to the inner object's
/// entry. It keeps the spy alive, and the inner object's slot.
#[repr(C)]
struct EntrySlot {
    vtable: &'static RustObjectVtbl,
    refs: Cell<u32>,
    spy: IDispatch,
    inner_slot: IUnknown,
    inner_entry: &'static RustObjectVtbl,
    log: Rc<SpyLog>,
}

static ENTRY_SLOT_VTABLE: RustObjectVtbl = RustObjectVtbl {
    support_error_info: ISupportErrorInfo_Vtbl {
        base__: IUnknown_Vtbl {
            QueryInterface: entry_slot_query,
            AddRef: add_ref::<EntrySlot>,
            Release: release::<EntrySlot>,
        },
        InterfaceSupportsErrorInfo: entry_slot_supports,
    },
    marker: &RUST_OBJECT,
    owns: entry_slot_owns,
    invoke: entry_slot_invoke,
};

impl HandBuilt for EntrySlot {
    fn refs(&self) -> &Cell<u32> {
        &self.refs
    }
}

impl EntrySlot {
    /// Answers the query for the direct entry made of the spy `this`: a new entry slot
    /// when the inner object has an entry, or the inner object's refusal.
    ///
    /// # Safety
    /// `this` is the live spy `spy`; `object` is writable.
    unsafe fn answer(this: *mut c_void, spy: &Spy, object: *mut *mut c_void) -> HRESULT {
        let (hr, inner_slot) = query_direct(spy.inner.as_unknown());
        let Some(inner_slot) = inner_slot else {
            return hr;
        };
        // SAFETY: the inner objects of these tests are `#[implement]` objects, which
        // answer the private IID with their automatic ISupportErrorInfo slot.
        let inner_entry = unsafe { rust_vtable(&inner_slot) };
        if !core::ptr::eq(inner_entry.marker, &RUST_OBJECT) {
            // Not a panic: this runs inside QueryInterface, which cannot unwind.
            return E_NOINTERFACE;
        }
        // SAFETY: `this` is a live spy: one more reference, handed to the slot.
        let spy_ref = unsafe {
            add_ref::<Spy>(this);
            IDispatch::from_raw(this)
        };
        let slot = Box::new(EntrySlot {
            vtable: &ENTRY_SLOT_VTABLE,
            refs: Cell::new(1),
            spy: spy_ref,
            inner_slot,
            inner_entry,
            log: Rc::clone(&spy.log),
        });
        // SAFETY: the caller's promise: writable. The slot starts with its vtable
        // pointer and carries the one reference handed over; `release::<EntrySlot>` frees
        // it.
        unsafe { object.write(Box::into_raw(slot).cast::<c_void>()) };
        S_OK
    }

    /// # Safety
    /// `this` is a live entry slot.
    unsafe fn of<'a>(this: *const c_void) -> &'a EntrySlot {
        // SAFETY: the caller's promise.
        unsafe { &*(this as *const EntrySlot) }
    }
}

unsafe extern "system" fn entry_slot_query(
    this: *mut c_void,
    iid: *const Guid,
    object: *mut *mut c_void,
) -> HRESULT {
    if object.is_null() {
        return E_POINTER;
    }
    // SAFETY: QueryInterface's contract: `this` is live, `iid` readable or null,
    // `object` writable.
    unsafe {
        if iid.as_ref() == Some(&ISupportErrorInfo::IID) {
            add_ref::<EntrySlot>(this);
            object.write(this);
            return S_OK;
        }
        // An interface of the spy: the spy answers for everything else.
        let spy = &EntrySlot::of(this).spy;
        spy.as_unknown().query(iid, object)
    }
}

unsafe extern "system" fn entry_slot_supports(this: *mut c_void, iid: *const Guid) -> HRESULT {
    // SAFETY: a live entry slot; the inner slot's own function on the inner slot, with
    // the caller's IID.
    unsafe {
        let slot = EntrySlot::of(this);
        (slot
            .inner_entry
            .support_error_info
            .InterfaceSupportsErrorInfo)(slot.inner_slot.as_raw(), iid)
    }
}

fn entry_slot_owns(this: *const c_void, candidate: *const c_void) -> bool {
    // SAFETY: `owns` is called with the pointer of the slot whose vtable it came from,
    // a live entry slot.
    let slot = unsafe { EntrySlot::of(this) };
    core::ptr::eq(candidate, slot.spy.as_raw())
}

unsafe fn entry_slot_invoke(
    this: *mut c_void,
    id: i32,
    flags: u16,
    values: &[Variant],
    result: *mut VARIANT,
    named: &[i32],
    failure: *mut DirectFailure,
) -> HRESULT {
    // SAFETY: a live entry slot; the inner object's entry called on the inner object's
    // slot, with the caller's pointers (the `DirectInvoke` contract passed on).
    unsafe {
        let slot = EntrySlot::of(this);
        slot.log.direct_calls.set(slot.log.direct_calls.get() + 1);
        (slot.inner_entry.invoke)(
            slot.inner_slot.as_raw(),
            id,
            flags,
            values,
            result,
            named,
            failure,
        )
    }
}

// ---------------------------------------------------------------------------------------
// Helpers.

/// One preliminary call.
fn ping(late: &Dispatch) {
    let one = late.call("Ping", ()).expect("the warm-up call");
    assert_eq!(i32::try_from(one).expect("Ping's value"), 1);
}

/// A `Dispatch` on a `#[dispatch]` object that has made its one call, through `Invoke`:
/// its next call asks for the direct entry, and takes it.
fn after_one_call(object: IDispatch) -> Dispatch {
    let late = Dispatch::new(object);
    assert!(
        !late.calls_directly(),
        "a new Dispatch has not found the entry"
    );
    ping(&late);
    assert!(
        !late.calls_directly(),
        "a Dispatch used once has not asked for the entry"
    );
    late
}

/// A `Dispatch` on a `#[dispatch]` object that has made two calls, and so found the
/// direct entry: all its calls from now on take it.
fn warm(object: IDispatch) -> Dispatch {
    let late = after_one_call(object);
    ping(&late);
    assert!(late.calls_directly(), "the second call finds the entry");
    late
}

/// Both outcomes are the same: equal values, or errors equal in every part.
fn assert_same(what: &str, by_invoke: &Result<Variant>, direct: &Result<Variant>) {
    match (by_invoke, direct) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a.vt(), b.vt(), "{what}: VARTYPE");
            assert_eq!(format!("{a:?}"), format!("{b:?}"), "{what}: value");
        }
        (Err(a), Err(b)) => {
            assert_eq!(a.code(), b.code(), "{what}: code");
            assert_eq!(a.description(), b.description(), "{what}: description");
            assert_eq!(a.source(), b.source(), "{what}: source");
            assert_eq!(a.help_file(), b.help_file(), "{what}: help file");
            assert_eq!(a.help_context(), b.help_context(), "{what}: help context");
            assert_eq!(a.interface(), b.interface(), "{what}: interface");
            assert_eq!(a.to_string(), b.to_string(), "{what}: text");
            assert_eq!(a, b, "{what}");
        }
        _ => panic!("{what}: Invoke gave {by_invoke:?}, the direct entry {direct:?}"),
    }
}

/// Runs `call`, each time on a new `Sample`, through:
/// - a fresh `Dispatch`, whose first call is an `Invoke` (and whose later calls, when
///   `call` makes several, go direct);
/// - a `Dispatch` that has made one call, whose first call here asks for the entry and
///   takes it;
/// - a warmed `Dispatch`, which has found the entry before: every call here goes direct;
/// - a `Dispatch` behind a spy, which it must call through `Invoke` every time;
/// - a warmed `Dispatch` behind a spy that takes part in the protocol, which counts the
///   calls reaching the inner object's entry (all of them);
///
/// and checks the outcomes are the same, and each `Dispatch` took the path said.
/// Returns the fresh `Dispatch`'s outcome, for the caller to check its value.
fn agree(what: &str, call: impl Fn(&Dispatch) -> Result<Variant>) -> Result<Variant> {
    // Invoke only: the spy counts the calls `call` makes.
    let (spied, log) = Spy::wrap(sample());
    let spied = Dispatch::new(spied);
    let invoke_only = call(&spied);
    let calls = log.invokes.get();
    assert!(calls >= 1, "{what}: no call reached the spy");
    assert!(!spied.calls_directly(), "{what}: the spy was skipped");
    assert_eq!(
        log.direct_queries.get(),
        u32::from(calls > 1),
        "{what}: asked for the entry on the second call, once"
    );

    let fresh = Dispatch::new(sample());
    assert!(
        !fresh.calls_directly(),
        "{what}: a new Dispatch calls directly"
    );
    let by_invoke = call(&fresh);
    assert_eq!(
        fresh.calls_directly(),
        calls > 1,
        "{what}: a fresh Dispatch making {calls} call(s) found the entry, or not"
    );

    let asking = after_one_call(sample());
    let asked = call(&asking);
    assert!(
        asking.calls_directly(),
        "{what}: the second call did not find the entry"
    );

    let warmed = warm(sample());
    let direct = call(&warmed);
    assert!(warmed.calls_directly(), "{what}: the warmed Dispatch");

    let (partner, log) = Spy::wrap_taking_part(sample());
    let partner = warm(partner);
    let before = (log.invokes.get(), log.direct_calls.get());
    let counted = call(&partner);
    assert_eq!(
        (log.invokes.get(), log.direct_calls.get()),
        (before.0, before.1 + calls),
        "{what}: each call of the warmed Dispatch reached the entry, and none Invoke"
    );

    assert_same(what, &by_invoke, &direct);
    assert_same(&format!("{what} (the call that asks)"), &by_invoke, &asked);
    assert_same(&format!("{what} (Invoke only)"), &by_invoke, &invoke_only);
    assert_same(&format!("{what} (direct, counted)"), &by_invoke, &counted);
    by_invoke
}

/// `agree` for a call expected to succeed: its value.
fn agree_ok(what: &str, call: impl Fn(&Dispatch) -> Result<Variant>) -> Variant {
    agree(what, call).unwrap_or_else(|e| panic!("{what}: {e}"))
}

/// `agree` for a call expected to fail: its error.
fn agree_err(what: &str, call: impl Fn(&Dispatch) -> Result<Variant>) -> Error {
    match agree(what, call) {
        Ok(value) => panic!("{what}: succeeded with {value:?}"),
        Err(e) => e,
    }
}

/// The private IID asked of `object`: the HRESULT, and the interface returned.
fn query_direct(object: &IUnknown) -> (HRESULT, Option<IUnknown>) {
    let mut raw = core::ptr::null_mut();
    // SAFETY: a live object, a readable IID and a writable out pointer.
    let hr = unsafe { object.query(&IID_DIRECT_DISPATCH, &mut raw) };
    // SAFETY: what QueryInterface returned carries one reference (or is null).
    (hr, unsafe { IUnknown::from_raw_opt(raw) })
}

/// The vtable behind the interface pointer `slot`, read as a `RustObjectVtbl`.
///
/// # Safety
/// `slot` must be the automatic ISupportErrorInfo slot of an `#[implement]` object.
unsafe fn rust_vtable(slot: &IUnknown) -> &'static RustObjectVtbl {
    // SAFETY: the caller's promise: that slot's vtable is a static `RustObjectVtbl`.
    unsafe { &**(slot.as_raw() as *const *const RustObjectVtbl) }
}

/// A `DirectFailure` with recognisable values and no strings: whatever the callee does
/// not overwrite shows.
fn marked_failure() -> DirectFailure {
    DirectFailure {
        exception: EXCEPINFO {
            wCode: 77,
            dwHelpContext: 99,
            scode: 0x1234_5678,
            ..EXCEPINFO::default()
        },
        arg_error: 0xDEAD,
    }
}

/// Whether `failure` is still as `marked_failure` made it.
fn untouched(failure: &DirectFailure) -> bool {
    let e = &failure.exception;
    (e.wCode, e.scode, e.dwHelpContext, failure.arg_error) == (77, 0x1234_5678, 99, 0xDEAD)
        && e.bstrDescription.is_empty()
        && e.bstrSource.is_empty()
        && e.bstrHelpFile.is_empty()
}

/// What one raw call left: HRESULT, result, EXCEPINFO (as text), argerr, and the
/// thread's IErrorInfo afterwards (taken).
#[derive(Debug, PartialEq)]
struct RawOutcome {
    hr: HRESULT,
    result: String,
    exception: (u16, i32, String, String, String, u32),
    arg_error: u32,
    thread_error: Error,
}

fn raw_outcome(hr: HRESULT, result: &Variant, exception: &EXCEPINFO, arg_error: u32) -> RawOutcome {
    RawOutcome {
        hr,
        result: format!("{result:?}"),
        exception: (
            exception.wCode,
            exception.scode,
            exception.bstrDescription.to_string(),
            exception.bstrSource.to_string(),
            exception.bstrHelpFile.to_string(),
            exception.dwHelpContext,
        ),
        arg_error,
        thread_error: Error::from_thread(hr),
    }
}

/// DISPPARAMS over `args` (named ones first, then positional ones last to first, as
/// rgvarg holds them) and `names`.
fn params(args: &mut [Variant], names: &mut [i32]) -> DISPPARAMS {
    DISPPARAMS {
        rgvarg: if args.is_empty() {
            core::ptr::null_mut()
        } else {
            args.as_mut_ptr().cast::<VARIANT>()
        },
        rgdispidNamedArgs: if names.is_empty() {
            core::ptr::null_mut()
        } else {
            names.as_mut_ptr()
        },
        cArgs: args.len() as u32,
        cNamedArgs: names.len() as u32,
    }
}

// ---------------------------------------------------------------------------------------
// The tests.

/// Every kind of call, once through `Invoke` and once through the direct entry, with
/// the same outcome; the outcomes themselves checked too.
#[test]
fn the_direct_path_and_invoke_agree() -> Result<()> {
    let _apartment = Apartment::multithreaded()?;

    // Values: the fast path, coercion, borrowed arguments, by DISPID, many arguments.
    let v = agree_ok("Add(2, 3)", |d| d.call("Add", (2, 3)));
    assert_eq!(format!("{v:?}"), "VT_I4(5)");
    let v = agree_ok("Add(1, \"2\")", |d| d.call("Add", (1, "2")));
    assert_eq!(i32::try_from(v)?, 3);
    let v = agree_ok("Add(&[Variant])", |d| {
        d.call("Add", &[Variant::from(20), Variant::from(22)])
    });
    assert_eq!(i32::try_from(v)?, 42);
    let v = agree_ok("Add by DISPID", |d| {
        d.call_id(d.id_of("add")?, DISPATCH_METHOD, (40, 2))
    });
    assert_eq!(i32::try_from(v)?, 42);
    let v = agree_ok("Add as a property get", |d| {
        d.call_id(d.id_of("Add")?, DISPATCH_PROPERTYGET, (1, 1))
    });
    assert_eq!(i32::try_from(v)?, 2);
    let v = agree_ok("Nine(1..=9)", |d| {
        d.call("Nine", (1..=9).map(Variant::from).collect::<Vec<_>>())
    });
    assert_eq!(i32::try_from(v)?, 987_654_321);
    let v = agree_ok("Nine, named", |d| {
        d.invoke("Nine")
            .args((1, 2, 3, 4, 5, 6, 7, 8))
            .named("i", 0)
            .call()
    });
    assert_eq!(i32::try_from(v)?, 87_654_321);

    // Defaulted and optional parameters, omitted ones, named ones.
    let v = agree_ok("Greet(\"Ada\")", |d| d.call("Greet", ("Ada",)));
    assert_eq!(String::try_from(v)?, "Hello, Ada.");
    let v = agree_ok("Greet(\"Ada\", 2, \"!\")", |d| {
        d.call("Greet", ("Ada", 2, "!"))
    });
    assert_eq!(String::try_from(v)?, "Hello, Ada. Hello, Ada.!");
    let v = agree_ok("Greet(\"Ada\", , \"?\")", |d| {
        d.invoke("Greet").arg("Ada").missing().arg("?").call()
    });
    assert_eq!(String::try_from(v)?, "Hello, Ada.?");
    let v = agree_ok("Greet(\"Ada\", suffix:=\"!\")", |d| {
        d.invoke("Greet").arg("Ada").named("suffix", "!").call()
    });
    assert_eq!(String::try_from(v)?, "Hello, Ada.!");
    let v = agree_ok("Greet, all named", |d| {
        d.invoke("Greet")
            .named("suffix", "?")
            .named("TIMES", 2)
            .named("name", "Bo")
            .call()
    });
    assert_eq!(String::try_from(v)?, "Hello, Bo. Hello, Bo.?");

    // Properties, the default member, a put retried, side effects.
    let v = agree_ok("get Name", |d| d.get("Name"));
    assert_eq!(String::try_from(v)?, "initial");
    let v = agree_ok("put Name", |d| {
        d.put("Name", "Ada").map(|()| Variant::empty())
    });
    assert_eq!(v.vt(), 0);
    let v = agree_ok("put Name, then get", |d| {
        d.put("Name", 7)?;
        d.get("name")
    });
    assert_eq!(format!("{v:?}"), "VT_BSTR(\"7\")");
    // An object for a string: converted through its default member (VariantChangeType).
    let v = agree_ok("put Name = object, then get", |d| {
        d.put("Name", sample())?;
        d.get("Name")
    });
    assert_eq!(String::try_from(v)?, "Sample initial");
    let v = agree_ok("the default member", |d| d.value());
    assert_eq!(String::try_from(v)?, "Sample initial");
    let v = agree_ok("put WriteOnly", |d| {
        d.put("WriteOnly", "w")?;
        d.call("Record", ("r",))
    });
    assert_eq!(i32::try_from(v)?, 2);
    let v = agree_ok("Record", |d| d.call("Record", ("once",)));
    assert_eq!(i32::try_from(v)?, 1);

    // By reference: `[in, out]` parameters written back, or not.
    let v = agree_ok("Bump(ByRef 5, 2)", |d| {
        let mut n = Variant::from(5);
        let r = d.invoke("Bump").out(&mut n).arg(2).call()?;
        Ok(Variant::from(format!("{r:?} {n:?}")))
    });
    assert_eq!(String::try_from(v)?, "VT_I4(70) VT_I4(7)");
    let v = agree_ok("Bump(ByRef Empty, 2)", |d| {
        let mut n = Variant::empty();
        let r = d.invoke("Bump").out(&mut n).arg(2).call()?;
        Ok(Variant::from(format!("{r:?} {n:?}")))
    });
    assert_eq!(String::try_from(v)?, "VT_I4(20) VT_I4(2)");
    let v = agree_ok("Bump(ByVal 5, 2)", |d| d.call("Bump", (5, 2)));
    assert_eq!(i32::try_from(v)?, 70);
    let v = agree_ok("Kind(ByRef 1)", |d| {
        let mut n = Variant::from(1);
        d.invoke("Kind").out(&mut n).call()
    });
    assert_eq!(i32::try_from(v)?, i32::from(VT_BYREF | VT_I4));
    let v = agree_ok("Kind(ByRef Empty)", |d| {
        let mut n = Variant::empty();
        d.invoke("Kind").out(&mut n).call()
    });
    assert_eq!(i32::try_from(v)?, i32::from(VT_BYREF | VT_VARIANT));
    let v = agree_ok("Echo(\"text\")", |d| d.call("Echo", ("text",)));
    assert_eq!(v.vt(), VT_BSTR);
    let v = agree_ok("Echo(Null)", |d| d.call("Echo", [Variant::null()]));
    assert!(v.is_null());

    // Objects and enumeration.
    let v = agree_ok("Child.Add(1, 2)", |d| {
        d.get("Child")?.to_dispatch()?.call("Add", (1, 2))
    });
    assert_eq!(i32::try_from(v)?, 3);
    let v = agree_ok("For Each", |d| {
        let items = d
            .iter()?
            .map(|v| i32::try_from(v?))
            .collect::<Result<Vec<_>>>()?;
        Ok(Variant::from(format!("{items:?}")))
    });
    assert_eq!(String::try_from(v)?, "[3, 1, 4]");

    // Failures of the member: exceptions.
    let e = agree_err("Fail", |d| d.call("Fail", ()));
    assert_eq!(e.code(), E_FAIL);
    assert_eq!(e.description(), Some("it failed"));
    assert_eq!(e.to_string(), "0x80004005 E_FAIL: it failed");
    let e = agree_err("FailWithHelp", |d| d.call("FailWithHelp", ()));
    assert_eq!(e.code(), E_INVALIDARG);
    assert_eq!(e.description(), Some("see the help"));
    assert_eq!(e.source(), Some("Sample.Helpful"));
    assert_eq!(e.help_file(), Some("sample.chm"));
    assert_eq!(e.help_context(), 42);
    assert_eq!(
        e.to_string(),
        "0x80070057 E_INVALIDARG: see the help (source: Sample.Helpful)"
    );
    let e = agree_err("FailBare", |d| d.call("FailBare", ()));
    assert_eq!(e.code(), E_NOTIMPL);
    let e = agree_err("FailEmpty", |d| d.call("FailEmpty", ()));
    assert_eq!(e.code(), E_FAIL);
    let e = agree_err("FailAsMismatch", |d| d.call("FailAsMismatch", ()));
    assert_eq!(e.code(), DISP_E_TYPEMISMATCH);
    assert_eq!(e.description(), Some("raised by the member"));
    let e = agree_err("Explode", |d| d.call("Explode", ()));
    assert_eq!(e.code(), E_UNEXPECTED);
    assert_eq!(e.description(), Some("panic: boom"));
    let e = agree_err("ExplodeLater(7)", |d| d.call("ExplodeLater", (7,)));
    assert_eq!(e.code(), E_UNEXPECTED);
    assert_eq!(e.description(), Some("panic: boom at 7"));
    let e = agree_err("ExplodeLater()", |d| d.call("ExplodeLater", ()));
    assert_eq!(e.description(), Some("panic: boom at -1"));
    let e = agree_err("Greet(\"Ada\", -1)", |d| d.call("Greet", ("Ada", -1)));
    assert_eq!(e.code(), E_INVALIDARG);
    assert_eq!(e.description(), Some("cannot greet Ada -1 times"));
    let e = agree_err("Spoil(ByRef 5)", |d| {
        let mut n = Variant::from(5);
        let outcome = d.invoke("Spoil").out(&mut n).call();
        assert_eq!(
            format!("{n:?}"),
            "VT_I4(5)",
            "a failed member writes nothing back"
        );
        outcome
    });
    assert_eq!(e.description(), Some("spoilt"));
    let e = agree_err("Label(ByRef 1)", |d| {
        let mut n = Variant::from(1);
        let outcome = d.invoke("Label").out(&mut n).call();
        assert_eq!(format!("{n:?}"), "VT_I4(1)", "text does not go into an I4");
        outcome
    });
    assert_eq!(e.code(), DISP_E_TYPEMISMATCH);
    assert!(e.to_string().contains("could not be written back"), "{e}");

    // Argument errors: argerr names the argument.
    let e = agree_err("Add(\"x\", 1)", |d| d.call("Add", ("x", 1)));
    assert_eq!(e.code(), DISP_E_TYPEMISMATCH);
    assert!(e.to_string().contains("Add, argument 1"), "{e}");
    let e = agree_err("Add(1, \"y\") as Variants", |d| {
        d.call("Add", &[Variant::from(1), Variant::from("y")])
    });
    assert_eq!(e.code(), DISP_E_TYPEMISMATCH);
    assert!(e.to_string().contains("Add, argument 2"), "{e}");
    let e = agree_err("Greet(\"Ada\", times:=\"many\")", |d| {
        d.invoke("Greet").arg("Ada").named("times", "many").call()
    });
    assert_eq!(e.code(), DISP_E_TYPEMISMATCH);
    assert!(e.to_string().contains("Greet, times"), "{e}");
    let e = agree_err("Bump(ByRef \"abc\", 1)", |d| {
        let mut n = Variant::from("abc");
        let outcome = d.invoke("Bump").out(&mut n).arg(1).call();
        assert_eq!(format!("{n:?}"), "VT_BSTR(\"abc\")");
        outcome
    });
    assert_eq!(e.code(), DISP_E_TYPEMISMATCH);
    let e = agree_err("Add(1)", |d| d.call("Add", (1,)));
    assert_eq!(e.code(), DISP_E_PARAMNOTFOUND);
    let e = agree_err("Add(1, missing)", |d| {
        d.call("Add", (1, Variant::missing()))
    });
    assert_eq!(e.code(), DISP_E_PARAMNOTFOUND);
    let e = agree_err("get Add", |d| d.get("Add"));
    assert_eq!(e.code(), DISP_E_PARAMNOTFOUND);
    let e = agree_err("Add(1, 2, 3)", |d| d.call("Add", (1, 2, 3)));
    assert_eq!(e.code(), DISP_E_BADPARAMCOUNT);
    assert!(
        e.to_string().contains("Add does not take 3 arguments"),
        "{e}"
    );
    let e = agree_err("Ping(1)", |d| d.call("Ping", (1,)));
    assert_eq!(e.code(), DISP_E_BADPARAMCOUNT);
    let e = agree_err("put Name = Null", |d| {
        d.put("Name", Variant::null()).map(|()| Variant::empty())
    });
    assert_eq!(e.code(), DISP_E_TYPEMISMATCH);

    // Members that are not there, or not for this.
    let e = agree_err("DISPID 4242", |d| d.call_id(4242, DISPATCH_METHOD, ()));
    assert_eq!(e.code(), DISP_E_MEMBERNOTFOUND);
    assert!(e.to_string().contains("DISPID 4242"), "{e}");
    let e = agree_err("put DISPID 4242", |d| {
        d.invoke_id(4242).put(1).map(|()| Variant::empty())
    });
    assert_eq!(e.code(), DISP_E_MEMBERNOTFOUND);
    let e = agree_err("put Add", |d| d.put("Add", 1).map(|()| Variant::empty()));
    assert_eq!(e.code(), DISP_E_MEMBERNOTFOUND);
    assert_eq!(
        e.description(),
        Some("Add cannot be assigned: Member not found.")
    );
    let e = agree_err("put_ref Add", |d| {
        d.put_ref("Add", sample()).map(|()| Variant::empty())
    });
    assert_eq!(e.code(), DISP_E_MEMBERNOTFOUND);
    let e = agree_err("get WriteOnly", |d| d.get("WriteOnly"));
    assert_eq!(e.code(), DISP_E_MEMBERNOTFOUND);
    let e = agree_err("Add with flags 0", |d| {
        d.call_id(d.id_of("Add")?, 0, (1, 2))
    });
    assert_eq!(e.code(), E_INVALIDARG);
    let e = agree_err("put the default member (a method)", |d| {
        d.invoke_id(DISPID_VALUE)
            .put("x")
            .map(|()| Variant::empty())
    });
    assert_eq!(e.code(), DISP_E_MEMBERNOTFOUND);
    let e = agree_err("put Name without a value", |d| {
        d.invoke_id(d.id_of("Name")?)
            .with_flags(DISPATCH_PROPERTYPUT)
    });
    assert_eq!(e.code(), DISP_E_PARAMNOTFOUND);
    Ok(())
}

/// The same calls at the ABI: the direct entry writes what `Invoke` writes (HRESULT,
/// result, EXCEPINFO, argerr, IErrorInfo), and on success leaves EXCEPINFO untouched.
#[test]
fn the_direct_entry_writes_what_invoke_writes() -> Result<()> {
    let _apartment = Apartment::multithreaded()?;
    let object = sample();
    let late = Dispatch::new(object.clone());
    let (hr, slot) = query_direct(object.as_unknown());
    assert_eq!(hr, S_OK);
    let slot = slot.expect("the direct entry's slot");
    // SAFETY: a `#[dispatch]` object answered the private IID with its automatic
    // ISupportErrorInfo slot.
    let entry = unsafe { rust_vtable(&slot) };
    assert!(core::ptr::eq(entry.marker, &RUST_OBJECT));

    let id = |name: &str| late.id_of(name).expect(name);
    let method = DISPATCH_METHOD | DISPATCH_PROPERTYGET;
    // (what, DISPID, flags, rgvarg as the callee sees it, named DISPIDs)
    type Case = (&'static str, i32, u16, fn() -> Vec<Variant>, Vec<i32>);
    let cases: Vec<Case> = vec![
        (
            "Add(2, 3)",
            id("Add"),
            method,
            || vec![3.into(), 2.into()],
            vec![],
        ),
        (
            "Add(\"x\", 1)",
            id("Add"),
            method,
            || vec![1.into(), "x".into()],
            vec![],
        ),
        ("Add(1)", id("Add"), method, || vec![1.into()], vec![]),
        (
            "Add(1, 2, 3)",
            id("Add"),
            method,
            || vec![3.into(), 2.into(), 1.into()],
            vec![],
        ),
        (
            "Greet(\"A\")",
            id("Greet"),
            method,
            || vec!["A".into()],
            vec![],
        ),
        (
            "Greet(times:=\"x\", name:=\"A\")",
            id("Greet"),
            method,
            || vec!["x".into(), "A".into()],
            vec![1, 0],
        ),
        ("Fail", id("Fail"), method, Vec::new, vec![]),
        ("FailWithHelp", id("FailWithHelp"), method, Vec::new, vec![]),
        ("FailBare", id("FailBare"), method, Vec::new, vec![]),
        ("Explode", id("Explode"), method, Vec::new, vec![]),
        (
            "put Name",
            id("Name"),
            DISPATCH_PROPERTYPUT,
            || vec!["N".into()],
            vec![DISPID_PROPERTYPUT],
        ),
        (
            "put Add",
            id("Add"),
            DISPATCH_PROPERTYPUT,
            || vec![1.into()],
            vec![DISPID_PROPERTYPUT],
        ),
        ("DISPID 4242", 4242, method, Vec::new, vec![]),
        (
            "named DISPID 17",
            id("Greet"),
            method,
            || vec![1.into()],
            vec![17],
        ),
    ];
    for (what, dispid, flags, args, names) in cases {
        let is_put = flags == DISPATCH_PROPERTYPUT;

        let (mut a, mut n) = (args(), names.clone());
        let mut p = params(&mut a, &mut n);
        let mut result = Variant::empty();
        let mut exception = EXCEPINFO::default();
        let mut arg_error = u32::MAX;
        // SAFETY: a valid DISPPARAMS over live arrays; an empty result (null for a put),
        // a zeroed EXCEPINFO and a writable argerr.
        let hr = unsafe {
            (object.vtable().Invoke)(
                object.as_raw(),
                dispid,
                &Guid::NULL,
                0x0400,
                flags,
                &mut p,
                if is_put {
                    core::ptr::null_mut()
                } else {
                    result.as_raw_mut()
                },
                &mut exception,
                &mut arg_error,
            )
        };
        let by_invoke = raw_outcome(hr, &result, &exception, arg_error);

        // The same arrays as DISPPARAMS would carry: arguments in rgvarg order, named
        // DISPIDs in theirs.
        let (a, n) = (args(), names.clone());
        let mut result = Variant::empty();
        let mut failure = marked_failure();
        // SAFETY: as above, on the slot the entry came with; the EXCEPINFO holds no
        // strings, so one written over it whole leaks nothing.
        let hr = unsafe {
            (entry.invoke)(
                slot.as_raw(),
                dispid,
                flags,
                &a,
                if is_put {
                    core::ptr::null_mut()
                } else {
                    result.as_raw_mut()
                },
                &n,
                &mut failure,
            )
        };
        if hr.is_ok() {
            // Written exactly when the call fails.
            assert!(untouched(&failure), "{what}: written on success");
            failure = DirectFailure {
                exception: EXCEPINFO::default(),
                arg_error: u32::MAX,
            };
        }
        let direct = raw_outcome(hr, &result, &failure.exception, failure.arg_error);
        assert_eq!(by_invoke, direct, "{what}");
    }
    Ok(())
}

/// Only `#[dispatch]` objects answer the private IID, with a vtable carrying the marker;
/// every other object says E_NOINTERFACE and is called through `Invoke`.
#[test]
fn the_direct_entry_is_offered_only_by_dispatch_objects() -> Result<()> {
    let _apartment = Apartment::multithreaded()?;

    // A `#[dispatch]` object: its automatic ISupportErrorInfo slot, marked.
    let object = sample();
    let (hr, slot) = query_direct(object.as_unknown());
    assert_eq!(hr, S_OK);
    let slot = slot.expect("a pointer with S_OK");
    // SAFETY: a `#[dispatch]` object answers the private IID with its automatic
    // ISupportErrorInfo slot, whose vtable is a `RustObjectVtbl`.
    let vtable = unsafe { rust_vtable(&slot) };
    assert!(core::ptr::eq(vtable.marker, &RUST_OBJECT));
    assert!(slot.is_same_object(object.as_unknown()));
    let sei = object.cast::<ISupportErrorInfo>()?;
    assert_eq!(
        sei.as_raw(),
        slot.as_raw(),
        "the slot is the ISupportErrorInfo one"
    );
    assert!(sei.supports(&IDispatch::IID));
    drop((slot, sei));

    // A dual interface whose IDispatch is `#[dispatch]`'s answers too.
    let dual: IDualSample = Dual.into();
    let (hr, slot) = query_direct(dual.as_unknown());
    assert_eq!(hr, S_OK);
    // SAFETY: as above.
    let vtable = unsafe { rust_vtable(slot.as_ref().expect("a pointer with S_OK")) };
    assert!(core::ptr::eq(vtable.marker, &RUST_OBJECT));
    drop(slot);
    let late = Dispatch::new(dual.cast::<IDispatch>()?);
    for _ in 0..3 {
        assert_eq!(i32::try_from(late.call("Three", ())?)?, 3);
    }
    assert!(
        late.calls_directly(),
        "the dual interface is the object's own IDispatch"
    );
    assert_eq!(dual.Three()?, 3);

    // IDispatch by hand: no direct entry.
    let invokes = Rc::new(Cell::new(0));
    let tally: IDispatch = Tally {
        invokes: Rc::clone(&invokes),
    }
    .into();
    let (hr, slot) = query_direct(tally.as_unknown());
    assert_eq!((hr, slot.is_none()), (E_NOINTERFACE, true));
    // Its ISupportErrorInfo slot is marked like every `#[implement]` object's, but its
    // entry is the one that refuses (it is never handed out).
    let sei = tally.cast::<ISupportErrorInfo>()?;
    // SAFETY: the automatic ISupportErrorInfo slot of an `#[implement]` object.
    let vtable = unsafe { rust_vtable(sei.as_unknown()) };
    assert!(core::ptr::eq(vtable.marker, &RUST_OBJECT));
    let mut failure = marked_failure();
    let mut result = Variant::empty();
    // SAFETY: the entry of this slot, with valid pointers.
    let hr = unsafe {
        (vtable.invoke)(
            sei.as_raw(),
            1,
            DISPATCH_METHOD,
            &[],
            result.as_raw_mut(),
            &[],
            &mut failure,
        )
    };
    assert_eq!(hr, E_NOTIMPL);
    let e = &failure.exception;
    assert_eq!(
        (e.wCode, e.scode, e.dwHelpContext, failure.arg_error),
        (0, 0, 0, u32::MAX),
        "written as for a failure"
    );
    assert_eq!(invokes.get(), 0);
    drop(sei);

    // Objects without IDispatch at all.
    let enumerator: IUnknown = comtypes::dispatch::VariantEnumerator::new([1, 2]).into();
    assert_eq!(query_direct(&enumerator).0, E_NOINTERFACE);

    // A `#[dispatch]` object that lists ISupportErrorInfo itself has no automatic slot:
    // no direct entry, and it still works late-bound, errors included.
    let own: IDispatch = OwnErrorInfo.into();
    let (hr, slot) = query_direct(own.as_unknown());
    assert_eq!((hr, slot.is_none()), (E_NOINTERFACE, true));
    let (spied, log) = Spy::wrap(own.clone());
    let late = Dispatch::new(spied);
    for round in 1..=4 {
        assert_eq!(i32::try_from(late.call("Twice", (round,))?)?, round * 2);
        let e = late.call("Fail", ()).unwrap_err();
        assert_eq!(e.code(), E_FAIL);
        assert_eq!(e.description(), Some("own failure"));
        let e = late.call("Twice", ("x",)).unwrap_err();
        assert_eq!(e.code(), DISP_E_TYPEMISMATCH);
        assert!(e.to_string().contains("Twice, argument 1"), "{e}");
    }
    assert_eq!(log.invokes.get(), 12, "every call an Invoke");
    assert_eq!(
        log.direct_queries.get(),
        1,
        "asked once, on the second call"
    );
    assert!(!late.calls_directly());
    Ok(())
}

/// A hand-written IDispatch is called through `Invoke` every time.
#[test]
fn a_hand_written_idispatch_is_still_called_through_invoke() -> Result<()> {
    let _apartment = Apartment::multithreaded()?;
    let invokes = Rc::new(Cell::new(0));
    let late = Dispatch::new(
        Tally {
            invokes: Rc::clone(&invokes),
        }
        .into(),
    );
    for n in 1..=5 {
        assert_eq!(i32::try_from(late.call("Next", ())?)?, n);
    }
    assert_eq!(invokes.get(), 5);
    let e = late.call("Fail", ()).unwrap_err();
    assert_eq!(e.code(), E_FAIL);
    assert_eq!(e.description(), Some("tally failed"));
    let copy = late.clone();
    assert_eq!(i32::try_from(copy.call("next", ())?)?, 7);
    assert_eq!(invokes.get(), 7);
    assert!(!late.calls_directly() && !copy.calls_directly());
    Ok(())
}

/// Which calls go where: a `Dispatch` used once has not found the entry; the second call
/// finds it, and it and all later ones go direct, as do those of clones (which share
/// what the original learnt); a new `Dispatch` on the same object starts over. Dropping
/// the `Dispatch` releases what the entry held.
#[test]
fn a_warmed_dispatch_and_its_clones_call_the_direct_entry() -> Result<()> {
    let _apartment = Apartment::multithreaded()?;
    let drops = Rc::new(Cell::new(0));
    let object: IDispatch = sample_counting(Rc::clone(&drops)).into();

    let once = Dispatch::new(object.clone());
    assert_eq!(i32::try_from(once.call("Add", (1, 2))?)?, 3);
    assert!(!once.calls_directly(), "a Dispatch used once");
    drop(once);

    let late = Dispatch::new(object.clone());
    assert!(!late.calls_directly());
    assert_eq!(i32::try_from(late.call("Record", ("a",))?)?, 1);
    assert!(!late.calls_directly(), "after one call");
    assert_eq!(i32::try_from(late.call("Record", ("b",))?)?, 2);
    assert!(late.calls_directly(), "the second call finds the entry");
    let e = late.call("Fail", ()).unwrap_err();
    assert_eq!(e.description(), Some("it failed"));
    late.put("Name", "direct")?;
    assert_eq!(String::try_from(late.get("Name")?)?, "direct");
    assert!(late.calls_directly(), "failures do not change the path");

    // A clone shares what the original learnt, and behaves identically.
    let copy = late.clone();
    assert!(copy.calls_directly(), "the clone before its first call");
    assert_eq!(i32::try_from(copy.call("Record", ("c",))?)?, 3);
    let (e1, e2) = (
        late.call("Add", ("x", 1)).unwrap_err(),
        copy.call("Add", ("x", 1)).unwrap_err(),
    );
    assert_eq!(e1, e2);
    assert_eq!(e1.to_string(), e2.to_string());
    assert_eq!(
        format!("{:?}", late.call("Greet", ("Cy",))?),
        format!("{:?}", copy.call("Greet", ("Cy",))?)
    );
    assert!(late.calls_directly() && copy.calls_directly());

    // A new Dispatch on the same object learns for itself.
    let other = Dispatch::new(copy.as_idispatch().clone());
    assert!(!other.calls_directly(), "a new Dispatch starts over");
    assert_eq!(i32::try_from(other.call("Record", ("d",))?)?, 4);
    assert!(!other.calls_directly());
    assert_eq!(i32::try_from(other.call("Record", ("e",))?)?, 5);
    assert!(other.calls_directly());

    // Nothing is kept alive by the entry once the Dispatches are gone.
    drop((late, copy, other));
    assert_eq!(drops.get(), 0);
    drop(object);
    assert_eq!(drops.get(), 1, "the object was freed");
    Ok(())
}

/// A member that calls back into the object through the very `Dispatch` the outer call
/// came through (re-entrant, on the direct path once warm).
#[test]
fn a_member_that_calls_back_into_the_same_dispatch() -> Result<()> {
    let _apartment = Apartment::multithreaded()?;
    let drops = Rc::new(Cell::new(0));
    let object = ComObject::new(Recursive {
        me: RefCell::new(None),
        seen_direct: RefCell::new(Vec::new()),
        drops: Rc::clone(&drops),
    });
    let late = Dispatch::new(object.to_interface::<IDispatch>()?);
    *object.me.borrow_mut() = Some(late.clone());
    let seen = || {
        object
            .seen_direct
            .borrow_mut()
            .drain(..)
            .collect::<Vec<_>>()
    };

    // The first outer call is an Invoke (the entry is not found when it starts); the
    // first inner one finds the entry, and from then on every call, inner or outer,
    // goes direct.
    assert!(!late.calls_directly());
    assert_eq!(i32::try_from(late.call("Quadruple", (3,))?)?, 12);
    assert_eq!(seen(), [false, true], "Quadruple's view of the path");
    assert!(late.calls_directly());
    for x in [-5, 1000] {
        assert_eq!(i32::try_from(late.call("Quadruple", (x,))?)?, 4 * x);
        assert_eq!(seen(), [true, true]);
    }
    assert_eq!(i32::try_from(late.call("Depth", (25,))?)?, 25);
    assert_eq!(
        String::try_from(late.call("Swallow", ())?)?,
        "0x80004005 E_FAIL: inner failure"
    );
    let e = late.call("Propagate", ()).unwrap_err();
    assert_eq!(e.code(), E_FAIL);
    assert_eq!(e.description(), Some("passed on"));
    // After the inner failures, outer calls report their own outcomes.
    assert_eq!(i32::try_from(late.call("Double", (21,))?)?, 42);
    let e = late.call("Fail", ("outer failure",)).unwrap_err();
    assert_eq!(e.description(), Some("outer failure"));
    let e = late.call("Double", ("x",)).unwrap_err();
    assert_eq!(e.code(), DISP_E_TYPEMISMATCH);
    assert!(!e.to_string().contains("failure"), "{e}");
    // The kept Dispatch works from outside too.
    let kept = object.me.borrow().clone().expect("kept");
    assert!(kept.calls_directly(), "a clone of the outer Dispatch");
    assert_eq!(i32::try_from(kept.call("Quadruple", (2,))?)?, 8);
    assert_eq!(seen(), [true, true]);
    drop(kept);
    assert!(late.calls_directly());

    // The object keeps itself alive through its Dispatch until the cycle is broken.
    drop(late);
    assert_eq!(drops.get(), 0);
    let me = object.me.borrow_mut().take();
    drop(me);
    assert_eq!(drops.get(), 0);
    drop(object);
    assert_eq!(drops.get(), 1, "the object was freed");
    Ok(())
}

/// A call made from inside the query for the direct entry (a QueryInterface that calls
/// back into the `Dispatch` asking): both calls succeed, later calls go direct, and
/// nothing is kept alive. Only a hand-built object can run code in its QueryInterface,
/// so the object is a spy that takes part in the protocol (its own entry slot, passing
/// direct calls on to the inner `Sample`'s entry and counting them).
#[test]
fn a_call_made_while_the_dispatch_asks_for_the_entry() -> Result<()> {
    let _apartment = Apartment::multithreaded()?;
    let drops = Rc::new(Cell::new(0));
    let (object, log) = Spy::wrap_taking_part(sample_counting(Rc::clone(&drops)).into());
    let seen = || {
        (
            log.invokes.get(),
            log.direct_queries.get(),
            log.direct_calls.get(),
        )
    };
    let late = Dispatch::new(object);
    let nested = Rc::new(RefCell::new(None));
    {
        let late = late.clone();
        let nested = Rc::clone(&nested);
        *log.on_direct_query.borrow_mut() = Some(Box::new(move || {
            let outcome = late.call("Add", (20, 22)).map(|v| format!("{v:?}"));
            *nested.borrow_mut() = Some(outcome);
        }));
    }
    assert_eq!(i32::try_from(late.call("Add", (1, 2))?)?, 3);
    assert_eq!(seen(), (1, 0, 0));
    assert!(!late.calls_directly());
    // The second call asks; the query calls Add again, from inside.
    assert_eq!(i32::try_from(late.call("Add", (3, 4))?)?, 7);
    assert_eq!(
        nested.borrow_mut().take(),
        Some(Ok("VT_I4(42)".to_string()))
    );
    assert!(log.on_direct_query.borrow().is_none(), "the hook ran");
    assert!(late.calls_directly(), "the entry was found");
    let after = seen();
    assert!(after.1 >= 1, "{after:?}");
    assert_eq!(
        after.0 + after.2,
        3,
        "three calls, each an Invoke or a direct call: {after:?}"
    );
    for k in 0..5 {
        assert_eq!(i32::try_from(late.call("Add", (k, k))?)?, 2 * k);
        let e = late.call("Fail", ()).unwrap_err();
        assert_eq!(e.description(), Some("it failed"));
    }
    assert_eq!(
        seen(),
        (after.0, after.1, after.2 + 10),
        "later calls go direct, without asking again"
    );
    drop(late);
    assert_eq!(drops.get(), 1, "the object was freed");
    Ok(())
}

/// The identity check: a wrapper whose IDispatch passes QueryInterface on to an inner
/// `#[dispatch]` object (the private IID included, and IUnknown: it claims the inner
/// object's identity) is not one of that object's interface pointers. A `Dispatch` on it
/// asks once, on the second call, refuses the inner object's entry, and keeps calling the
/// wrapper's own Invoke.
#[test]
fn a_wrapper_that_passes_queries_on_is_called_through_its_invoke() -> Result<()> {
    let _apartment = Apartment::multithreaded()?;
    let drops = Rc::new(Cell::new(0));
    let inner: IDispatch = sample_counting(Rc::clone(&drops)).into();
    let (spied, log) = Spy::wrap(inner.clone());

    // The spy answers the private IID with the inner object's genuine entry slot, and
    // that slot does not own the spy's IDispatch.
    let (hr, slot) = query_direct(spied.as_unknown());
    assert_eq!(hr, S_OK);
    let slot = slot.expect("a pointer with S_OK");
    // SAFETY: the inner `#[dispatch]` object's answer: its automatic ISupportErrorInfo
    // slot, whose vtable is a `RustObjectVtbl`.
    let vtable = unsafe { rust_vtable(&slot) };
    assert!(core::ptr::eq(vtable.marker, &RUST_OBJECT));
    assert!(slot.is_same_object(spied.as_unknown()));
    assert!((vtable.owns)(slot.as_raw(), inner.as_raw()));
    assert!(!(vtable.owns)(slot.as_raw(), spied.as_raw()));
    drop((slot, inner));
    assert_eq!(log.direct_queries.get(), 1);
    log.direct_queries.set(0);

    const N: u32 = 8;
    let late = Dispatch::new(spied);
    for n in 1..=N {
        let k = n as i32;
        match n % 4 {
            0 => {
                let e = late.call("Fail", ()).unwrap_err();
                assert_eq!(e.code(), E_FAIL);
                assert_eq!(e.description(), Some("it failed"));
            }
            1 => assert_eq!(i32::try_from(late.call("Add", (k, 100))?)?, k + 100),
            2 => assert_eq!(
                String::try_from(late.call("Greet", ("Ada", k, "!"))?)?,
                format!("{}!", vec!["Hello, Ada."; n as usize].join(" "))
            ),
            _ => assert_eq!(
                i32::try_from(late.call("Record", ("r",))?)?,
                n.div_ceil(4) as i32
            ),
        }
        assert_eq!(
            log.invokes.get(),
            n,
            "call {n} went through the spy's Invoke"
        );
        assert_eq!(
            log.direct_queries.get(),
            u32::from(n >= 2),
            "asked once, on the second call"
        );
        assert!(!late.calls_directly(), "after call {n}");
    }
    // A clone shares the answer.
    let copy = late.clone();
    assert_eq!(i32::try_from(copy.call("Add", (1, 1))?)?, 2);
    assert_eq!((log.invokes.get(), log.direct_queries.get()), (N + 1, 1));
    assert!(!copy.calls_directly());

    drop((late, copy));
    assert_eq!(drops.get(), 1, "the spy and the object were freed");
    Ok(())
}

/// Failed direct calls leave nothing behind: the next success succeeds, the next
/// failure carries its own description, and the thread keeps no IErrorInfo.
#[test]
fn errors_on_the_direct_path_leave_no_stale_error_info() -> Result<()> {
    let _apartment = Apartment::multithreaded()?;
    let late = warm(sample());
    let by_invoke = |call: &dyn Fn(&Dispatch) -> Result<Variant>| call(&Dispatch::new(sample()));
    let no_thread_error = |what: &str| {
        assert_eq!(
            Error::from_thread(E_FAIL).detail(),
            None,
            "{what}: an IErrorInfo was left on the thread"
        );
    };

    let e = late.call("Fail", ()).unwrap_err();
    assert_eq!(e.description(), Some("it failed"));
    no_thread_error("Fail");
    assert_eq!(i32::try_from(late.call("Add", (1, 2))?)?, 3);
    no_thread_error("Add");

    // Different failures, each with its own text (and the text Invoke gives).
    let put_add = |d: &Dispatch| d.put("Add", 1).map(|()| Variant::empty());
    let e = late.put("Add", 1).unwrap_err();
    assert_eq!(
        e.description(),
        Some("Add cannot be assigned: Member not found.")
    );
    assert_eq!(Err(e), by_invoke(&put_add).map(drop));
    no_thread_error("put Add");
    let e = late.call("Add", (1, 2, 3)).unwrap_err();
    assert_eq!(e.code(), DISP_E_BADPARAMCOUNT);
    assert!(!e.to_string().contains("assigned"), "{e}");
    assert!(!e.to_string().contains("it failed"), "{e}");
    no_thread_error("Add(1, 2, 3)");
    let e = late.call("FailWithHelp", ()).unwrap_err();
    assert_eq!(e.source(), Some("Sample.Helpful"));
    let e = late.call("Fail", ()).unwrap_err();
    assert_eq!(
        e.source(),
        None,
        "no source left over from the failure before"
    );
    assert_eq!(e.help_file(), None);
    assert_eq!(e.help_context(), 0);
    let e = late.call("Explode", ()).unwrap_err();
    assert_eq!(e.description(), Some("panic: boom"));
    let e = late.call_id(4242, DISPATCH_METHOD, ()).unwrap_err();
    assert!(!e.to_string().contains("boom"), "{e}");
    no_thread_error("DISPID 4242");

    // An IErrorInfo someone else left on the thread is not taken for a failure's.
    let unknown_id = |d: &Dispatch| d.call_id(4242, DISPATCH_METHOD, ());
    Error::new(E_FAIL, "planted").set_thread_error_info();
    let direct = late.call_id(4242, DISPATCH_METHOD, ());
    Error::new(E_FAIL, "planted").set_thread_error_info();
    let invoked = by_invoke(&unknown_id);
    assert_same("DISPID 4242 after a planted IErrorInfo", &invoked, &direct);
    let e = direct.unwrap_err();
    assert!(!e.to_string().contains("planted"), "{e}");
    no_thread_error("after the planted one");
    Ok(())
}
