//! VT_RECORD end to end, with a Rust IRecordInfo that records every call made to it.
//!
//! - Natively (every OS): `Variant` over a record `{ id: i32, name: BSTR }`: Clone is
//!   `VariantCopy` (GetSize, a zeroed block, AddRef, RecordCopy), Drop destroys the record
//!   (RecordDestroy) and releases the info, `deref_value` of a `VT_BYREF|VT_RECORD` copies
//!   the record, the `VariantRef::Record` view, and conversions fail with
//!   DISP_E_TYPEMISMATCH.
//! - Differentially: a transcript of raw `VariantCopy` / `VariantClear` / `VariantCopyInd`
//!   / `VariantChangeTypeEx` calls (HRESULTs, the destination's state, reference counts and
//!   the IRecordInfo calls in order). On Windows (under Wine) the system's oleaut32 and
//!   ours (`comtypes::portable_oleaut`) run it in the same process and must agree;
//!   natively ours must match the transcript frozen from Wine in
//!   `tests/data/variant_record.txt` (rewrite it with
//!   `COMTYPES_FREEZE_RECORD=<path> cargo xtask wine-test -p comtypes --test variant_record`).
//!   The deliberate differences (sys/oleaut/variant.rs) are checked apart, per runtime.
//! - On Windows: a system IRecordInfo (`GetRecordInfoFromTypeInfo` over the MIDL-built
//!   TestComServer.tlb's `MYCOLOR`) through `Variant`'s Clone and Drop.
#![allow(
    non_snake_case,
    clippy::missing_safety_doc,
    clippy::field_reassign_with_default
)]

use comtypes::hresult::{DISP_E_TYPEMISMATCH, E_FAIL, E_INVALIDARG, E_NOTIMPL, E_OUTOFMEMORY};
use comtypes::interfaces::ITypeInfo;
use comtypes::variant::*;
use comtypes::{implement, Bstr, Error, Guid, Interface, Result, Variant, HRESULT};
use core::ffi::c_void;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

#[macro_use]
mod oleaut_api;

/// The record type: what a `typedef struct { long id; BSTR name; } Person;` lays out.
#[repr(C)]
struct Person {
    id: i32,
    name: *mut u16,
}

const PERSON_SIZE: u32 = core::mem::size_of::<Person>() as u32;
const PERSON_GUID: Guid = Guid::from_u128(0x6c1e0a52_77c4_4bd4_9f0e_5e2a1d7c0001);

/// What the record info saw, shared with the test.
#[derive(Default)]
struct State {
    calls: Mutex<Vec<String>>,
    /// Record addresses in the order first seen; a record's label is its index.
    records: Mutex<Vec<usize>>,
    /// Name BSTRs made by RecordCopy and not yet freed by RecordClear.
    live_names: Mutex<i64>,
    fail_size: AtomicBool,
    fail_copy: AtomicBool,
}

impl State {
    fn label(&self, p: *const c_void) -> String {
        if p.is_null() {
            return "null".into();
        }
        let mut records = self.records.lock().unwrap();
        let i = match records.iter().position(|&r| r == p as usize) {
            Some(i) => i,
            None => {
                records.push(p as usize);
                records.len() - 1
            }
        };
        format!("r{i}")
    }
    fn call(&self, what: String) {
        self.calls.lock().unwrap().push(what);
    }
    fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.calls.lock().unwrap())
    }
    /// `take`, and forgets every record but the first (the transcript's source), so the
    /// labels of a step do not depend on where the allocator put the blocks.
    fn take_step(&self) -> Vec<String> {
        self.records.lock().unwrap().truncate(1);
        self.take()
    }
    fn live_names(&self) -> i64 {
        *self.live_names.lock().unwrap()
    }
}

#[implement(IRecordInfo)]
struct PersonInfo(Arc<State>);

impl PersonInfo {
    /// Frees the name a record owns (RecordClear's work, without the log).
    unsafe fn clear(&self, record: *mut c_void) {
        // SAFETY: the caller passes a Person.
        let p = unsafe { &mut *record.cast::<Person>() };
        if !p.name.is_null() {
            // SAFETY: a name made by Bstr and owned by the record.
            drop(unsafe { Bstr::from_raw(p.name) });
            p.name = core::ptr::null_mut();
            *self.0.live_names.lock().unwrap() -= 1;
        }
    }
}

fn not_implemented<T>() -> Result<T> {
    Err(E_NOTIMPL.into())
}

impl IRecordInfo_Impl for PersonInfo {
    unsafe fn RecordInit(&self, new: *mut c_void) -> Result<()> {
        self.0.call(format!("RecordInit({})", self.0.label(new)));
        if new.is_null() {
            return Err(E_INVALIDARG.into());
        }
        // SAFETY: `new` is writable memory of a Person's size.
        unsafe {
            new.cast::<Person>().write(Person {
                id: 0,
                name: core::ptr::null_mut(),
            })
        };
        Ok(())
    }

    unsafe fn RecordClear(&self, existing: *mut c_void) -> Result<()> {
        self.0
            .call(format!("RecordClear({})", self.0.label(existing)));
        if existing.is_null() {
            return Err(E_INVALIDARG.into());
        }
        // SAFETY: a Person (the caller's contract).
        unsafe { self.clear(existing) };
        Ok(())
    }

    unsafe fn RecordCopy(&self, existing: *mut c_void, new: *mut c_void) -> Result<()> {
        let zeroed = !new.is_null()
            // SAFETY: `new` is a Person-sized block.
            && unsafe { core::slice::from_raw_parts(new.cast::<u8>(), PERSON_SIZE as usize) }
                .iter()
                .all(|&b| b == 0);
        self.0.call(format!(
            "RecordCopy({} -> {}{})",
            self.0.label(existing),
            self.0.label(new),
            if zeroed { ", zeroed" } else { "" }
        ));
        if existing.is_null() || new.is_null() {
            return Err(E_INVALIDARG.into());
        }
        if self.0.fail_copy.load(Ordering::SeqCst) {
            return Err(Error::new(E_FAIL, "copy refused"));
        }
        // SAFETY: both are Persons (the caller's contract); the destination's name is
        // freed first, as RecordCopy's contract says.
        unsafe {
            self.clear(new);
            let (from, to) = (&*existing.cast::<Person>(), &mut *new.cast::<Person>());
            to.id = from.id;
            if !from.name.is_null() {
                let text = comtypes::BstrRef::from_raw(from.name);
                to.name = Bstr::from_wide(text.as_wide()).into_raw();
                *self.0.live_names.lock().unwrap() += 1;
            }
        }
        Ok(())
    }

    fn GetGuid(&self) -> Result<Guid> {
        self.0.call("GetGuid".into());
        Ok(PERSON_GUID)
    }

    fn GetName(&self) -> Result<Bstr> {
        self.0.call("GetName".into());
        Ok(Bstr::from("Person"))
    }

    fn GetSize(&self) -> Result<u32> {
        self.0.call("GetSize".into());
        if self.0.fail_size.load(Ordering::SeqCst) {
            return Err(Error::new(E_FAIL, "no size today"));
        }
        Ok(PERSON_SIZE)
    }

    fn GetTypeInfo(&self) -> Result<ITypeInfo> {
        self.0.call("GetTypeInfo".into());
        not_implemented()
    }

    unsafe fn GetField(&self, _: *mut c_void, _: *const u16, _: *mut VARIANT) -> Result<()> {
        self.0.call("GetField".into());
        not_implemented()
    }

    unsafe fn GetFieldNoCopy(
        &self,
        _: *mut c_void,
        _: *const u16,
        _: *mut VARIANT,
        _: *mut *mut c_void,
    ) -> Result<()> {
        self.0.call("GetFieldNoCopy".into());
        not_implemented()
    }

    unsafe fn PutField(
        &self,
        _: u32,
        _: *mut c_void,
        _: *const u16,
        _: *mut VARIANT,
    ) -> Result<()> {
        self.0.call("PutField".into());
        not_implemented()
    }

    unsafe fn PutFieldNoCopy(
        &self,
        _: u32,
        _: *mut c_void,
        _: *const u16,
        _: *mut VARIANT,
    ) -> Result<()> {
        self.0.call("PutFieldNoCopy".into());
        not_implemented()
    }

    unsafe fn GetFieldNames(&self, _: *mut u32, _: *mut Bstr) -> Result<()> {
        self.0.call("GetFieldNames".into());
        not_implemented()
    }

    unsafe fn IsMatchingType(&self, _: *mut c_void) -> i32 {
        self.0.call("IsMatchingType".into());
        0
    }

    fn RecordCreate(&self) -> *mut c_void {
        let Ok(malloc) = comtypes::get_malloc() else {
            return core::ptr::null_mut();
        };
        let new = malloc.Alloc(PERSON_SIZE as usize);
        self.0
            .call(format!("RecordCreate -> {}", self.0.label(new)));
        if !new.is_null() {
            // SAFETY: a fresh block of a Person's size; all zero bytes are a valid Person
            // (id 0, no name), padding included.
            unsafe { core::ptr::write_bytes(new.cast::<u8>(), 0, PERSON_SIZE as usize) };
        }
        new
    }

    unsafe fn RecordCreateCopy(&self, source: *mut c_void, dest: *mut *mut c_void) -> Result<()> {
        self.0
            .call(format!("RecordCreateCopy({})", self.0.label(source)));
        if source.is_null() || dest.is_null() {
            return Err(E_INVALIDARG.into());
        }
        let new = self.RecordCreate();
        if new.is_null() {
            return Err(E_OUTOFMEMORY.into());
        }
        // SAFETY: `source` is a Person, `new` a fresh one, `dest` writable.
        unsafe {
            if let Err(e) = self.RecordCopy(source, new) {
                let _ = self.RecordDestroy(new);
                return Err(e);
            }
            *dest = new;
        }
        Ok(())
    }

    unsafe fn RecordDestroy(&self, record: *mut c_void) -> Result<()> {
        self.0
            .call(format!("RecordDestroy({})", self.0.label(record)));
        if record.is_null() {
            return Err(E_INVALIDARG.into());
        }
        // SAFETY: a Person in a CoTaskMemAlloc block (RecordCreate's or VariantCopy's).
        unsafe {
            self.clear(record);
            comtypes::get_malloc()?.Free(record);
        }
        Ok(())
    }
}

fn person_info() -> (IRecordInfo, Arc<State>) {
    let state = Arc::new(State::default());
    (PersonInfo(state.clone()).into(), state)
}

/// The info's reference count (an AddRef/Release pair around the reading).
fn refs(info: &IRecordInfo) -> u32 {
    // SAFETY: a live interface; the pair leaves the count unchanged.
    unsafe {
        let vtbl = info.as_unknown().vtable();
        (vtbl.AddRef)(info.as_raw());
        (vtbl.Release)(info.as_raw())
    }
}

/// A Person whose name is a fresh BSTR; `free_person` frees it.
fn person(id: i32, name: &str) -> Person {
    Person {
        id,
        name: Bstr::from(name).into_raw(),
    }
}

fn free_person(p: &mut Person) {
    if !p.name.is_null() {
        // SAFETY: made by `person`.
        drop(unsafe { Bstr::from_raw(p.name) });
        p.name = core::ptr::null_mut();
    }
}

/// The id and name of the record a Variant holds.
fn read(v: &Variant) -> (i32, String, *mut c_void) {
    let VariantRef::Record(r) = v.get() else {
        panic!("not a record: {v:?}");
    };
    // SAFETY: the record is a Person, alive while `v` is.
    let p = unsafe { &*r.data().cast::<Person>() };
    // SAFETY: the name is null or a BSTR the record owns (borrowed here, not freed).
    let name = unsafe { comtypes::BstrRef::from_raw(p.name) }.to_string_lossy();
    (p.id, name, r.data())
}

#[test]
fn from_record_clone_and_drop() {
    let (info, state) = person_info();
    let mut source = person(7, "Ada");
    let base = refs(&info);
    // SAFETY: `source` is a Person.
    let v = unsafe { Variant::from_record(&info, (&mut source as *mut Person).cast()) }.unwrap();
    let src = state.label((&mut source as *mut Person).cast());
    assert_eq!(
        state.take(),
        [
            format!("RecordCreateCopy({src})"),
            "RecordCreate -> r1".to_string(),
            format!("RecordCopy({src} -> r1, zeroed)"),
        ]
    );
    assert_eq!(v.vt(), VT_RECORD);
    assert_eq!(refs(&info), base + 1, "the Variant holds a reference");
    free_person(&mut source); // the Variant's record is a copy
    let (id, name, data) = read(&v);
    assert_eq!((id, name.as_str()), (7, "Ada"));
    assert_eq!(state.label(data), "r1");
    let VariantRef::Record(view) = v.get() else {
        unreachable!()
    };
    assert_eq!(view.info().map(|i| i.as_raw()), Some(info.as_raw()));
    assert!(format!("{v:?}").starts_with("VT_RECORD("));

    // Clone is VariantCopy: GetSize, a zeroed block, RecordCopy into it, AddRef.
    let copy = v.clone();
    assert_eq!(
        state.take(),
        ["GetSize", "RecordCopy(r1 -> r2, zeroed)"],
        "oleaut32 copies into its own block, not RecordCreate's"
    );
    assert_eq!(refs(&info), base + 2);
    let (id, name, data) = read(&copy);
    assert_eq!((id, name.as_str()), (7, "Ada"));
    assert_ne!(data, read(&v).2, "a deep copy");
    assert_eq!(state.live_names(), 2);

    // Drop destroys the record (fields and memory) and releases the info.
    drop(copy);
    assert_eq!(state.take(), ["RecordDestroy(r2)"]);
    assert_eq!(refs(&info), base + 1);
    assert_eq!(state.live_names(), 1);
    drop(v);
    assert_eq!(state.take(), ["RecordDestroy(r1)"]);
    assert_eq!(refs(&info), base);
    assert_eq!(state.live_names(), 0);
}

#[test]
fn byref_record_dereferences_to_a_copy() {
    let (info, state) = person_info();
    let base = refs(&info);
    let mut target = person(3, "Grace");
    let target_ptr: *mut c_void = (&mut target as *mut Person).cast();
    let t = state.label(target_ptr);
    let mut raw = VARIANT::default();
    raw.vt = VT_BYREF | VT_RECORD;
    // A VT_BYREF|VT_RECORD holds the record's address itself, and a borrowed info.
    raw.data.record = [target_ptr, info.as_raw()];
    // SAFETY: a by-reference VARIANT owns nothing; it outlives neither target nor info.
    let byref = unsafe { Variant::from_raw(raw) };
    assert!(matches!(byref.get(), VariantRef::ByRef(_)));

    let value = byref.deref_value().unwrap();
    assert_eq!(value.vt(), VT_RECORD);
    assert_eq!(
        state.take(),
        [
            "GetSize".to_string(),
            format!("RecordCopy({t} -> r1, zeroed)")
        ]
    );
    assert_eq!(refs(&info), base + 1);
    let (id, name, _) = read(&value);
    assert_eq!((id, name.as_str()), (3, "Grace"));

    // A by-reference Variant frees nothing.
    drop(byref);
    assert_eq!(state.take(), Vec::<String>::new());
    assert_eq!(refs(&info), base + 1);
    drop(value);
    assert_eq!(state.take(), ["RecordDestroy(r1)"]);
    assert_eq!(refs(&info), base);
    free_person(&mut target);
    assert_eq!(state.live_names(), 0);
}

#[test]
fn records_do_not_convert() {
    let (info, state) = person_info();
    let mut source = person(1, "Lin");
    // SAFETY: `source` is a Person.
    let v = unsafe { Variant::from_record(&info, (&mut source as *mut Person).cast()) }.unwrap();
    free_person(&mut source);
    state.take();
    for vt in [
        VT_I4,
        VT_BSTR,
        VT_BOOL,
        VT_R8,
        VT_DATE,
        VT_UNKNOWN,
        VT_DISPATCH,
    ] {
        let e = v.change_type(vt).unwrap_err();
        assert_eq!(
            e.code(),
            DISP_E_TYPEMISMATCH,
            "VT_RECORD -> {}",
            vt_name(vt)
        );
    }
    assert_eq!(i32::try_from(&v).unwrap_err().code(), DISP_E_TYPEMISMATCH);
    assert_eq!(
        String::try_from(&v).unwrap_err().code(),
        DISP_E_TYPEMISMATCH
    );
    // Every attempt copied the record and cleared the copy, leaking nothing.
    let calls = state.take();
    assert!(!calls.is_empty());
    assert_eq!(state.live_names(), 1);
    drop(v);
    assert_eq!(state.live_names(), 0);
}

#[test]
fn failed_copies_leak_nothing() {
    let (info, state) = person_info();
    let base = refs(&info);
    let mut source = person(9, "Kay");
    // SAFETY: `source` is a Person.
    let v = unsafe { Variant::from_record(&info, (&mut source as *mut Person).cast()) }.unwrap();
    free_person(&mut source);
    state.take();

    state.fail_size.store(true, Ordering::SeqCst);
    assert_eq!(v.try_clone().unwrap_err().code(), E_FAIL);
    assert_eq!(state.take(), ["GetSize"]);
    assert_eq!(refs(&info), base + 1, "no reference gained or lost");
    // Clone reports the failure as a VT_ERROR value.
    let c = v.clone();
    assert_eq!(c.vt(), VT_ERROR);
    state.fail_size.store(false, Ordering::SeqCst);
    state.take();

    state.fail_copy.store(true, Ordering::SeqCst);
    assert_eq!(v.try_clone().unwrap_err().code(), E_FAIL);
    // The failed copy owned its block and a reference: both are given back.
    assert_eq!(
        state.take(),
        [
            "GetSize",
            "RecordCopy(r1 -> r2, zeroed)",
            "RecordDestroy(r2)"
        ]
    );
    assert_eq!(refs(&info), base + 1);
    state.fail_copy.store(false, Ordering::SeqCst);
    drop(v);
    assert_eq!(refs(&info), base);
    assert_eq!(state.live_names(), 0);
}

#[test]
fn a_record_without_info() {
    // No info and no record: an empty record copies as one.
    let mut raw = VARIANT::default();
    raw.vt = VT_RECORD;
    // SAFETY: owns nothing.
    let v = unsafe { Variant::from_raw(raw) };
    let c = v.try_clone().unwrap();
    assert_eq!(c.vt(), VT_RECORD);
    let VariantRef::Record(r) = c.get() else {
        unreachable!()
    };
    assert!(r.data().is_null() && r.info().is_none());

    // A record without its info cannot be copied.
    let mut p = Person {
        id: 0,
        name: core::ptr::null_mut(),
    };
    raw.data.record = [(&mut p as *mut Person).cast(), core::ptr::null_mut()];
    // SAFETY: with no info, nothing is freed (by drop or by the failed copy).
    let v = unsafe { Variant::from_raw(raw) };
    assert_eq!(v.try_clone().unwrap_err().code(), E_INVALIDARG);
}

// ---------------------------------------------------------------------------------------
// The differential transcript.

oleaut_api! {
    VariantClear(v: *mut VARIANT) -> HRESULT;
    VariantCopy(dest: *mut VARIANT, source: *const VARIANT) -> HRESULT;
    VariantCopyInd(dest: *mut VARIANT, source: *const VARIANT) -> HRESULT;
    VariantChangeTypeEx(dest: *mut VARIANT, source: *const VARIANT, lcid: u32, flags: u16, vt: u16) -> HRESULT;
}

struct Run<'a> {
    api: &'a Api,
    info: IRecordInfo,
    state: Arc<State>,
    base: u32,
    out: String,
}

impl Run<'_> {
    fn line(&mut self, text: impl std::fmt::Display) {
        let _ = writeln!(self.out, "{text}");
    }

    /// The HRESULT, the destination's state and the calls since the last step.
    fn step(&mut self, what: &str, hr: HRESULT, dest: &VARIANT) {
        let state = if dest.vt == VT_RECORD || dest.vt == VT_BYREF | VT_RECORD {
            // SAFETY: a record VARIANT's value is the two pointers.
            let [data, info] = unsafe { dest.data.record };
            let info = if info.is_null() {
                "null"
            } else if info == self.info.as_raw() {
                "ours"
            } else {
                "other"
            };
            format!(
                "{} {} info={info}",
                vt_name(dest.vt),
                self.state.label(data)
            )
        } else {
            vt_name(dest.vt)
        };
        let calls = self.state.take_step().join(", ");
        let refs = refs(&self.info) as i64 - self.base as i64;
        self.line(format_args!(
            "  {what}: {:#010x} -> {state}; refs {refs:+}; [{calls}]",
            hr.0 as u32
        ));
    }

    fn record(&self, p: &mut Person) -> VARIANT {
        let mut v = VARIANT::default();
        v.vt = VT_RECORD;
        v.data.record = [(p as *mut Person).cast(), self.info.as_raw()];
        v
    }

    /// Gives back what a raw VT_RECORD result owns (its block: oleaut32's VariantClear
    /// does not free it) through the info, so the runs leak nothing.
    unsafe fn destroy(&mut self, v: &mut VARIANT) {
        if v.vt == VT_RECORD {
            // SAFETY: a VT_RECORD made by VariantCopy: its own block and reference.
            unsafe {
                let [data, info] = v.data.record;
                if let Some(info) = IRecordInfo::from_raw_opt(info) {
                    let _ = info.RecordDestroy(data);
                }
            }
        } else {
            // SAFETY: a valid VARIANT the run owns.
            unsafe { (self.api.VariantClear)(v) };
        }
        v.vt = VT_EMPTY;
        self.state.take_step();
    }
}

fn transcript(api: &Api) -> String {
    let (info, state) = person_info();
    let base = refs(&info);
    let mut run = Run {
        api,
        info,
        state,
        base,
        out: String::new(),
    };
    let mut source = person(5, "Eve");
    let src = run.record(&mut source);
    run.state.label(src_ptr(&src)); // r0

    // SAFETY (every call below): valid VARIANTs; each raw result is cleared or destroyed.
    unsafe {
        run.line("VariantCopy, then VariantClear of the copy");
        let mut d = VARIANT::default();
        let hr = (api.VariantCopy)(&mut d, &src);
        run.step("copy", hr, &d);
        let kept = d;
        let hr = (api.VariantClear)(&mut d);
        run.step("clear", hr, &d);
        // The block outlived VariantClear (the memory is not freed): RecordDestroy frees it.
        let [block, _] = kept.data.record;
        let _ = run.info.RecordDestroy(block);
        run.state.take_step();

        run.line("VariantCopy over a record (the old one is cleared first)");
        let mut d = VARIANT::default();
        (api.VariantCopy)(&mut d, &src);
        run.state.take_step();
        let old = d;
        let hr = (api.VariantCopy)(&mut d, &src);
        run.step("copy over", hr, &d);
        let [block, _] = old.data.record;
        let _ = run.info.RecordDestroy(block);
        run.destroy(&mut d);

        run.line("VariantCopy onto itself");
        let mut same = src;
        let p: *mut VARIANT = &mut same;
        let hr = (api.VariantCopy)(p, p);
        run.step("self copy", hr, &same);

        run.line("RecordCopy fails");
        run.state.fail_copy.store(true, Ordering::SeqCst);
        let mut d = VARIANT::default();
        let hr = (api.VariantCopy)(&mut d, &src);
        run.step("copy", hr, &d);
        run.state.fail_copy.store(false, Ordering::SeqCst);
        run.destroy(&mut d);

        run.line("No info");
        let mut bare = src;
        bare.data.record[1] = core::ptr::null_mut();
        let mut d = VARIANT::default();
        let hr = (api.VariantCopy)(&mut d, &bare);
        run.step("copy, record without info", hr, &d);
        let mut none = VARIANT::default();
        none.vt = VT_RECORD;
        let mut d = VARIANT::default();
        let hr = (api.VariantCopy)(&mut d, &none);
        run.step("copy, neither", hr, &d);
        let hr = (api.VariantClear)(&mut d);
        run.step("clear, neither", hr, &d);

        run.line("VariantClear of a null record with an info");
        let mut d = src;
        d.data.record[0] = core::ptr::null_mut();
        let _ = run.info.clone().into_raw(); // the reference the clear gives back
        let hr = (api.VariantClear)(&mut d);
        run.step("clear", hr, &d);

        run.line("VT_BYREF|VT_RECORD");
        let mut byref = src;
        byref.vt = VT_BYREF | VT_RECORD;
        let mut d = VARIANT::default();
        let hr = (api.VariantCopyInd)(&mut d, &byref);
        run.step("copyind", hr, &d);
        run.destroy(&mut d);
        let mut d = VARIANT::default();
        let hr = (api.VariantCopy)(&mut d, &byref);
        run.step("copy (the reference only)", hr, &d);
        let hr = (api.VariantClear)(&mut d);
        run.step("clear (nothing to free)", hr, &d);
        run.state.fail_copy.store(true, Ordering::SeqCst);
        let mut d = VARIANT::default();
        let hr = (api.VariantCopyInd)(&mut d, &byref);
        run.step("copyind, RecordCopy fails", hr, &d);
        run.state.fail_copy.store(false, Ordering::SeqCst);
        run.destroy(&mut d);
        let mut byref_bare = byref;
        byref_bare.data.record[1] = core::ptr::null_mut();
        let mut d = VARIANT::default();
        let hr = (api.VariantCopyInd)(&mut d, &byref_bare);
        run.step("copyind, record without info", hr, &d);
        let mut byref_none = VARIANT::default();
        byref_none.vt = VT_BYREF | VT_RECORD;
        let mut d = VARIANT::default();
        let hr = (api.VariantCopyInd)(&mut d, &byref_none);
        run.step("copyind, neither", hr, &d);

        run.line("VariantChangeTypeEx from VT_RECORD");
        for vt in [
            VT_EMPTY,
            VT_NULL,
            VT_I2,
            VT_I4,
            VT_R8,
            VT_CY,
            VT_DATE,
            VT_BSTR,
            VT_DISPATCH,
            VT_ERROR,
            VT_BOOL,
            VT_VARIANT,
            VT_UNKNOWN,
            VT_DECIMAL,
            VT_UI1,
            VT_I8,
            VT_RECORD,
        ] {
            let mut d = VARIANT::default();
            let hr = (api.VariantChangeTypeEx)(&mut d, &src, LOCALE_INVARIANT, 0, vt);
            run.step(&format!("to {}", vt_name(vt)), hr, &d);
            run.destroy(&mut d);
        }
        let mut d = VARIANT::default();
        let hr = (api.VariantChangeTypeEx)(&mut d, &byref, LOCALE_INVARIANT, 0, VT_I4);
        run.step("by reference to VT_I4", hr, &d);
        let mut i4 = VARIANT::default();
        i4.vt = VT_I4;
        let mut d = VARIANT::default();
        let hr = (api.VariantChangeTypeEx)(&mut d, &i4, LOCALE_INVARIANT, 0, VT_RECORD);
        run.step("VT_I4 to VT_RECORD", hr, &d);
        run.destroy(&mut d);
    }
    free_person(&mut source);
    assert_eq!(run.state.live_names(), 0, "every copied name was freed");
    assert_eq!(refs(&run.info), run.base, "every reference was given back");
    run.out
}

fn src_ptr(v: &VARIANT) -> *mut c_void {
    // SAFETY: a VT_RECORD's value is the two pointers.
    unsafe { v.data.record[0] }
}

/// The deliberate differences: a copy whose GetSize fails. oleaut32 leaves the
/// destination a shallow copy of the source without a reference of its own; ours leaves
/// it VT_EMPTY. The calls and the HRESULT are the same.
fn size_failure(api: &Api) -> (HRESULT, HRESULT, Vec<String>, u16, u16) {
    let (info, state) = person_info();
    let base = refs(&info);
    let mut source = person(5, "Eve");
    let mut src = VARIANT::default();
    src.vt = VT_RECORD;
    src.data.record = [(&mut source as *mut Person).cast(), info.as_raw()];
    state.fail_size.store(true, Ordering::SeqCst);
    let mut d = VARIANT::default();
    let mut byref = src;
    byref.vt = VT_BYREF | VT_RECORD;
    let mut e = VARIANT::default();
    // SAFETY: valid VARIANTs; the results hold no reference of their own (checked).
    let (hr, hr_ind) = unsafe {
        (
            (api.VariantCopy)(&mut d, &src),
            (api.VariantCopyInd)(&mut e, &byref),
        )
    };
    assert_eq!(refs(&info), base, "no reference was taken");
    free_person(&mut source);
    (hr, hr_ind, state.take(), d.vt, e.vt)
}

/// The other deliberate difference: `VariantCopyInd` of a `VT_BYREF|VT_RECORD` onto
/// itself. oleaut32 (Wine 8) puts the new zeroed block in place first and then copies
/// "the source" (now that block) onto itself: the copy is an empty record. Ours copies
/// the referenced record. Returns the calls and the copy's id and name.
fn in_place_copyind(api: &Api) -> (Vec<String>, i32, String) {
    let (info, state) = person_info();
    let base = refs(&info);
    let mut source = person(5, "Eve");
    state.label((&mut source as *mut Person).cast());
    let mut v = VARIANT::default();
    v.vt = VT_BYREF | VT_RECORD;
    v.data.record = [(&mut source as *mut Person).cast(), info.as_raw()];
    let p: *mut VARIANT = &mut v;
    // SAFETY: a valid VARIANT; the result owns its block and reference.
    let hr = unsafe { (api.VariantCopyInd)(p, p) };
    assert_eq!(hr, HRESULT(0));
    assert_eq!(v.vt, VT_RECORD);
    assert_eq!(refs(&info), base + 1);
    // SAFETY: now an owned VT_RECORD (its block from the copy, a reference of its own).
    let copy = unsafe { Variant::from_raw(v) };
    let (id, name, _) = read(&copy);
    let calls = state.take();
    drop(copy);
    free_person(&mut source);
    assert_eq!(refs(&info), base);
    (calls, id, name)
}

#[test]
fn ours_matches_the_frozen_wine_transcript() {
    let frozen = include_str!("data/variant_record.txt");
    assert_eq!(transcript(&portable_api()), frozen.replace("\r\n", "\n"));
    let (hr, hr_ind, calls, vt, vt_ind) = size_failure(&portable_api());
    assert_eq!((hr, hr_ind), (E_FAIL, E_FAIL));
    assert_eq!(calls, ["GetSize", "GetSize"]);
    assert_eq!((vt, vt_ind), (VT_EMPTY, VT_EMPTY));
    let (calls, id, name) = in_place_copyind(&portable_api());
    assert_eq!(calls, ["GetSize", "RecordCopy(r0 -> r1, zeroed)"]);
    assert_eq!((id, name.as_str()), (5, "Eve"));
}

#[cfg(windows)]
#[test]
fn ours_matches_the_system_oleaut32() {
    let system = transcript(&system_api());
    let ours = transcript(&portable_api());
    if let Some(path) = std::env::var_os("COMTYPES_FREEZE_RECORD") {
        std::fs::write(path, &system).expect("write the frozen transcript");
    }
    assert_eq!(ours, system, "system:\n{system}\nours:\n{ours}");
    let (hr, hr_ind, calls, vt, vt_ind) = size_failure(&system_api());
    assert_eq!((hr, hr_ind), (E_FAIL, E_FAIL));
    assert_eq!(calls, ["GetSize", "GetSize"]);
    // oleaut32's destinations are tagged VT_RECORD though they own nothing (see above).
    assert_eq!((vt, vt_ind), (VT_RECORD, VT_RECORD));
    let (calls, id, name) = in_place_copyind(&system_api());
    assert_eq!(calls, ["GetSize", "RecordCopy(r1 -> r1, zeroed)"]);
    assert_eq!((id, name.as_str()), (0, ""));
}

/// A system IRecordInfo: oleaut32's own, for the `MYCOLOR` struct (three doubles) of
/// the MIDL-built TestComServer.tlb, through `Variant`'s Clone and Drop.
#[cfg(windows)]
#[test]
fn a_system_record_info_round_trips() {
    #[link(name = "oleaut32")]
    extern "system" {
        fn GetRecordInfoFromTypeInfo(info: *mut c_void, out: *mut *mut c_void) -> HRESULT;
    }
    let path = format!(
        "Z:{}\\..\\..\\..\\shared\\testdata\\midl\\TestComServer.tlb",
        env!("CARGO_MANIFEST_DIR").replace('/', "\\")
    );
    let lib = comtypes::typeinfo::load_type_lib(&path).unwrap();
    let mycolor = Guid::from_u128(0x086b7f11_aed0_4de0_b77a_f1998371da83);
    let type_info = lib.type_info_of_guid(&mycolor).unwrap();
    let mut raw = core::ptr::null_mut();
    // SAFETY: a live ITypeInfo and a writable slot for an owned IRecordInfo.
    let hr = unsafe { GetRecordInfoFromTypeInfo(type_info.as_raw(), &mut raw) };
    assert_eq!(hr, HRESULT(0));
    // SAFETY: success means an owned, non-null IRecordInfo.
    let info = unsafe { IRecordInfo::from_raw(raw) };
    assert_eq!(info.GetSize().unwrap(), 24);
    assert_eq!(info.GetName().unwrap().to_string_lossy(), "MYCOLOR");
    assert_eq!(info.GetGuid().unwrap(), mycolor);
    let base = refs(&info);

    let mut color = [0.25f64, 0.5, 0.75];
    // SAFETY: three doubles are a MYCOLOR.
    let v = unsafe { Variant::from_record(&info, color.as_mut_ptr().cast()) }.unwrap();
    color = [0.0; 3];
    let copy = v.clone();
    assert_eq!(refs(&info), base + 2);
    for held in [&v, &copy] {
        let VariantRef::Record(r) = held.get() else {
            panic!("not a record")
        };
        // SAFETY: a MYCOLOR, alive while `held` is.
        assert_eq!(unsafe { *r.data().cast::<[f64; 3]>() }, [0.25, 0.5, 0.75]);
        assert_eq!(r.info().map(|i| i.as_raw()), Some(info.as_raw()));
    }
    assert_ne!(read_ptr(&v), read_ptr(&copy));
    assert_eq!(
        copy.change_type(VT_R8).unwrap_err().code(),
        DISP_E_TYPEMISMATCH
    );
    drop(copy);
    drop(v);
    assert_eq!(refs(&info), base);
    assert_eq!(color, [0.0; 3]);
}

#[cfg(windows)]
fn read_ptr(v: &Variant) -> *mut c_void {
    match v.get() {
        VariantRef::Record(r) => r.data(),
        _ => core::ptr::null_mut(),
    }
}
