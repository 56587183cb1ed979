//! Differential proof of the pure-Rust SAFEARRAY functions (`comtypes::portable_oleaut`).
//!
//! Every scenario drives an `Api` (a table of the oleaut32 functions) and writes down what
//! it observes: HRESULTs, null/non-null results, bounds, element sizes, VARTYPEs, feature
//! flags, data bytes, reference counts. On Windows (under Wine in CI) each scenario runs
//! through the system's oleaut32 and through ours in the same process, and the two
//! transcripts must be identical. Natively, ours must match the transcripts frozen from
//! the Wine run in `tests/data/safearray_differential.txt` (rewrite that file with
//! `COMTYPES_FREEZE_SAFEARRAY=<path> cargo xtask wine-test -p comtypes --test safearray_differential`).
//!
//! Deliberate differences are not run here (listed in sys/oleaut/safearray.rs): they are
//! the cases where oleaut32 reads through a null pointer, wraps a size around or frees
//! memory it does not own.
#![allow(non_snake_case, clippy::missing_safety_doc)]

use comtypes::safearray::*;
use comtypes::variant::*;
use comtypes::{Guid, HRESULT};
use core::ffi::c_void;
use std::fmt::Write as _;

mod counted;
use counted::Counted;

#[macro_use]
mod oleaut_api;

type Psa = *mut SAFEARRAY;

oleaut_api! {
    SysAllocStringLen(text: *const u16, len: u32) -> *mut u16;
    SysAllocStringByteLen(bytes: *const u8, len: u32) -> *mut u16;
    SysFreeString(bstr: *mut u16) -> ();
    SysStringByteLen(bstr: *const u16) -> u32;
    SafeArrayAllocDescriptor(dims: u32, out: *mut Psa) -> HRESULT;
    SafeArrayAllocDescriptorEx(vt: u16, dims: u32, out: *mut Psa) -> HRESULT;
    SafeArrayAllocData(psa: Psa) -> HRESULT;
    SafeArrayCreate(vt: u16, dims: u32, bounds: *const SAFEARRAYBOUND) -> Psa;
    SafeArrayCreateVector(vt: u16, lbound: i32, count: u32) -> Psa;
    SafeArrayDestroy(psa: Psa) -> HRESULT;
    SafeArrayDestroyData(psa: Psa) -> HRESULT;
    SafeArrayDestroyDescriptor(psa: Psa) -> HRESULT;
    SafeArrayLock(psa: Psa) -> HRESULT;
    SafeArrayUnlock(psa: Psa) -> HRESULT;
    SafeArrayAccessData(psa: Psa, out: *mut *mut c_void) -> HRESULT;
    SafeArrayUnaccessData(psa: Psa) -> HRESULT;
    SafeArrayGetDim(psa: *const SAFEARRAY) -> u32;
    SafeArrayGetElemsize(psa: *const SAFEARRAY) -> u32;
    SafeArrayGetLBound(psa: *const SAFEARRAY, dim: u32, out: *mut i32) -> HRESULT;
    SafeArrayGetUBound(psa: *const SAFEARRAY, dim: u32, out: *mut i32) -> HRESULT;
    SafeArrayGetVartype(psa: *const SAFEARRAY, out: *mut u16) -> HRESULT;
    SafeArrayGetIID(psa: *const SAFEARRAY, out: *mut Guid) -> HRESULT;
    SafeArraySetIID(psa: Psa, iid: *const Guid) -> HRESULT;
    SafeArrayPtrOfIndex(psa: Psa, indices: *const i32, out: *mut *mut c_void) -> HRESULT;
    SafeArrayGetElement(psa: Psa, indices: *const i32, data: *mut c_void) -> HRESULT;
    SafeArrayPutElement(psa: Psa, indices: *const i32, data: *const c_void) -> HRESULT;
    SafeArrayCopy(psa: *const SAFEARRAY, out: *mut Psa) -> HRESULT;
    SafeArrayCopyData(source: Psa, target: Psa) -> HRESULT;
    SafeArrayRedim(psa: Psa, bound: *const SAFEARRAYBOUND) -> HRESULT;
}

/// What a scenario saw.
#[derive(Default)]
struct Log(String);

impl Log {
    fn say(&mut self, what: impl std::fmt::Display) {
        let _ = writeln!(self.0, "  {what}");
    }
    fn hr(&mut self, what: &str, hr: HRESULT) {
        self.say(format_args!("{what} = {:#010x}", hr.0 as u32));
    }
    fn ptr<T>(&mut self, what: &str, p: *const T) {
        self.say(format_args!(
            "{what} = {}",
            if p.is_null() { "null" } else { "non-null" }
        ));
    }
}

fn b(lLbound: i32, cElements: u32) -> SAFEARRAYBOUND {
    SAFEARRAYBOUND { cElements, lLbound }
}

/// Everything observable about a live array (never its addresses).
unsafe fn describe(api: &Api, log: &mut Log, name: &str, psa: Psa) {
    if psa.is_null() {
        log.say(format_args!("{name}: null"));
        return;
    }
    // SAFETY: a live array.
    unsafe {
        let dims = (api.SafeArrayGetDim)(psa);
        let mut vt = 0u16;
        let hr = (api.SafeArrayGetVartype)(psa, &mut vt);
        let mut bounds = Vec::new();
        for d in 1..=dims {
            let (mut l, mut u) = (0, 0);
            (api.SafeArrayGetLBound)(psa, d, &mut l);
            (api.SafeArrayGetUBound)(psa, d, &mut u);
            bounds.push(format!("{l}..={u}"));
        }
        log.say(format_args!(
            "{name}: dims={dims} elemsize={} features={:#06x} locks={} vartype={:#010x}/{vt} bounds=[{}] data={}",
            (api.SafeArrayGetElemsize)(psa),
            (*psa).fFeatures,
            (*psa).cLocks,
            hr.0 as u32,
            bounds.join(", "),
            if (*psa).pvData.is_null() { "null" } else { "non-null" },
        ));
    }
}

/// The data bytes of a plain-data array, in hex.
unsafe fn bytes(api: &Api, log: &mut Log, psa: Psa) {
    // SAFETY: a live array of plain data.
    unsafe {
        let mut n = (*psa).cbElements as usize;
        for i in 0..(*psa).cDims as usize {
            n *= (*core::ptr::addr_of!((*psa).rgsabound)
                .cast::<SAFEARRAYBOUND>()
                .add(i))
            .cElements as usize;
        }
        let mut p = core::ptr::null_mut();
        let hr = (api.SafeArrayAccessData)(psa, &mut p);
        log.hr("AccessData", hr);
        if hr.is_ok() {
            let data = core::slice::from_raw_parts(p as *const u8, n);
            log.say(format_args!(
                "bytes[{n}] = {}",
                data.iter().map(|b| format!("{b:02x}")).collect::<String>()
            ));
            log.hr("UnaccessData", (api.SafeArrayUnaccessData)(psa));
        }
    }
}

type Scenario = fn(&Api, &mut Log);

fn scenarios() -> Vec<(String, Scenario)> {
    let mut list: Vec<(String, Scenario)> = vec![
        ("create_rejects".into(), create_rejects),
        ("alloc_descriptor".into(), alloc_descriptor),
        ("bounds_queries".into(), bounds_queries),
        ("null_queries".into(), null_queries),
        ("ptr_of_index".into(), ptr_of_index),
        ("get_put_numbers".into(), get_put_numbers),
        ("get_put_bad_args".into(), get_put_bad_args),
        ("locks".into(), locks),
        ("lock_limit".into(), lock_limit),
        ("destroy_locked".into(), destroy_locked),
        ("redim".into(), redim),
        ("redim_errors".into(), redim_errors),
        (
            "redim_empty_last_dimension".into(),
            redim_empty_last_dimension,
        ),
        ("copy".into(), copy),
        ("copy_errors".into(), copy_errors),
        ("copy_data".into(), copy_data),
        ("vector".into(), vector),
        ("bstr_array".into(), bstr_array),
        ("interface_array".into(), interface_array),
        ("variant_array".into(), variant_array),
        ("cy_date_decimal_cells".into(), cy_date_decimal_cells),
        ("nested_variant_arrays".into(), nested_variant_arrays),
        ("iid".into(), iid),
        ("zero_sized_dimension".into(), zero_sized_dimension),
        ("many_dimensions".into(), many_dimensions),
    ];
    // One scenario per VARTYPE: which can make arrays, and how.
    for vt in VTS {
        list.push((format!("create_vt_{vt}"), create_vt_scenario(vt)));
    }
    list
}

const VTS: [u16; 32] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25,
    26, 29, 36, 37, 38, 64,
];

fn create_vt_scenario(vt: u16) -> Scenario {
    macro_rules! each {
        ($($v:literal),*) => {
            match vt {
                $($v => |api: &Api, log: &mut Log| create_vt(api, log, $v),)*
                _ => |_: &Api, _: &mut Log| {},
            }
        };
    }
    each!(
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24,
        25, 26, 29, 36, 37, 38, 64
    )
}

fn create_vt(api: &Api, log: &mut Log, vt: u16) {
    let bounds = [b(0, 2), b(1, 3)];
    // SAFETY: valid arguments; every array made is destroyed.
    unsafe {
        let psa = (api.SafeArrayCreate)(vt, 2, bounds.as_ptr());
        describe(api, log, "create", psa);
        log.hr("destroy", (api.SafeArrayDestroy)(psa));
        let v = (api.SafeArrayCreateVector)(vt, -1, 4);
        describe(api, log, "vector", v);
        log.hr("destroy", (api.SafeArrayDestroy)(v));
        let mut d = core::ptr::null_mut();
        log.hr(
            "AllocDescriptorEx",
            (api.SafeArrayAllocDescriptorEx)(vt, 1, &mut d),
        );
        if !d.is_null() {
            log.say(format_args!(
                "descriptor: features={:#06x} elemsize={}",
                (*d).fFeatures,
                (*d).cbElements
            ));
            log.hr("DestroyDescriptor", (api.SafeArrayDestroyDescriptor)(d));
        }
    }
}

fn create_rejects(api: &Api, log: &mut Log) {
    let bounds = [b(0, 1)];
    // SAFETY: invalid arguments oleaut32 documents as refused.
    unsafe {
        log.ptr(
            "no dimensions",
            (api.SafeArrayCreate)(VT_I4, 0, bounds.as_ptr()),
        );
        log.ptr(
            "null bounds",
            (api.SafeArrayCreate)(VT_I4, 1, core::ptr::null()),
        );
        log.ptr(
            "VT_RECORD",
            (api.SafeArrayCreate)(VT_RECORD, 1, bounds.as_ptr()),
        );
        log.ptr(
            "VT_EMPTY",
            (api.SafeArrayCreate)(VT_EMPTY, 1, bounds.as_ptr()),
        );
        log.ptr(
            "VT_ARRAY|VT_I4",
            (api.SafeArrayCreate)(VT_ARRAY | VT_I4, 1, bounds.as_ptr()),
        );
        log.ptr(
            "vector VT_RECORD",
            (api.SafeArrayCreateVector)(VT_RECORD, 0, 1),
        );
    }
}

fn alloc_descriptor(api: &Api, log: &mut Log) {
    // SAFETY: descriptors made here are destroyed here.
    unsafe {
        let mut d = core::ptr::null_mut();
        log.hr("0 dims", (api.SafeArrayAllocDescriptor)(0, &mut d));
        log.hr("65536 dims", (api.SafeArrayAllocDescriptor)(65536, &mut d));
        log.hr(
            "null out",
            (api.SafeArrayAllocDescriptor)(1, core::ptr::null_mut()),
        );
        log.hr("2 dims", (api.SafeArrayAllocDescriptor)(2, &mut d));
        log.say(format_args!(
            "features={:#06x} elemsize={} dims={}",
            (*d).fFeatures,
            (*d).cbElements,
            (*d).cDims
        ));
        let mut vt = 0;
        log.hr(
            "GetVartype without type",
            (api.SafeArrayGetVartype)(d, &mut vt),
        );
        let mut copy = core::ptr::null_mut();
        log.hr("Copy with elemsize 0", (api.SafeArrayCopy)(d, &mut copy));
        log.ptr("copy", copy);
        (*d).cbElements = 4;
        *core::ptr::addr_of_mut!((*d).rgsabound).cast::<SAFEARRAYBOUND>() = b(0, 3);
        *core::ptr::addr_of_mut!((*d).rgsabound)
            .cast::<SAFEARRAYBOUND>()
            .add(1) = b(5, 2);
        log.hr("AllocData", (api.SafeArrayAllocData)(d));
        describe(api, log, "filled", d);
        let idx = [6i32, 2];
        let v = 77i32;
        log.hr(
            "PutElement",
            (api.SafeArrayPutElement)(d, idx.as_ptr(), &v as *const i32 as _),
        );
        bytes(api, log, d);
        log.hr("Copy untyped", (api.SafeArrayCopy)(d, &mut copy));
        describe(api, log, "copy", copy);
        log.hr("destroy copy", (api.SafeArrayDestroy)(copy));
        log.hr("DestroyData", (api.SafeArrayDestroyData)(d));
        describe(api, log, "after DestroyData", d);
        log.hr("DestroyData again", (api.SafeArrayDestroyData)(d));
        log.hr("DestroyDescriptor", (api.SafeArrayDestroyDescriptor)(d));
        log.hr(
            "DestroyDescriptor null",
            (api.SafeArrayDestroyDescriptor)(core::ptr::null_mut()),
        );
        log.hr(
            "DestroyData null",
            (api.SafeArrayDestroyData)(core::ptr::null_mut()),
        );
        log.hr(
            "AllocData null",
            (api.SafeArrayAllocData)(core::ptr::null_mut()),
        );
    }
}

fn bounds_queries(api: &Api, log: &mut Log) {
    let bounds = [b(-2, 3), b(0, 1), b(10, 4)];
    // SAFETY: a live array, destroyed at the end.
    unsafe {
        let psa = (api.SafeArrayCreate)(VT_R8, 3, bounds.as_ptr());
        describe(api, log, "array", psa);
        for dim in 0..=4 {
            let (mut l, mut u) = (1234, 1234);
            let hl = (api.SafeArrayGetLBound)(psa, dim, &mut l);
            let hu = (api.SafeArrayGetUBound)(psa, dim, &mut u);
            log.say(format_args!(
                "dim {dim}: lbound {:#010x} {l}, ubound {:#010x} {u}",
                hl.0 as u32, hu.0 as u32
            ));
        }
        log.hr(
            "LBound null out",
            (api.SafeArrayGetLBound)(psa, 1, core::ptr::null_mut()),
        );
        log.hr(
            "UBound null out",
            (api.SafeArrayGetUBound)(psa, 1, core::ptr::null_mut()),
        );
        log.hr(
            "Vartype null out",
            (api.SafeArrayGetVartype)(psa, core::ptr::null_mut()),
        );
        log.hr("destroy", (api.SafeArrayDestroy)(psa));
    }
}

fn null_queries(api: &Api, log: &mut Log) {
    let null = core::ptr::null_mut();
    let (mut l, mut vt, mut p) = (0, 0u16, core::ptr::null_mut());
    // SAFETY: null arrays are refused without being read.
    unsafe {
        log.say(format_args!(
            "GetDim(null) = {}",
            (api.SafeArrayGetDim)(null)
        ));
        log.say(format_args!(
            "GetElemsize(null) = {}",
            (api.SafeArrayGetElemsize)(null)
        ));
        log.hr("GetLBound(null)", (api.SafeArrayGetLBound)(null, 1, &mut l));
        log.hr("GetUBound(null)", (api.SafeArrayGetUBound)(null, 1, &mut l));
        log.hr("GetVartype(null)", (api.SafeArrayGetVartype)(null, &mut vt));
        log.hr("Lock(null)", (api.SafeArrayLock)(null));
        log.hr("Unlock(null)", (api.SafeArrayUnlock)(null));
        log.hr("AccessData(null)", (api.SafeArrayAccessData)(null, &mut p));
        log.hr("UnaccessData(null)", (api.SafeArrayUnaccessData)(null));
        log.hr("Destroy(null)", (api.SafeArrayDestroy)(null));
        log.hr("Redim(null)", (api.SafeArrayRedim)(null, &b(0, 1)));
        log.hr(
            "PtrOfIndex(null)",
            (api.SafeArrayPtrOfIndex)(null, [0].as_ptr(), &mut p),
        );
        log.hr(
            "GetElement(null)",
            (api.SafeArrayGetElement)(null, [0].as_ptr(), &mut l as *mut i32 as _),
        );
        log.hr(
            "PutElement(null)",
            (api.SafeArrayPutElement)(null, [0].as_ptr(), &l as *const i32 as _),
        );
        log.hr("CopyData(null, null)", (api.SafeArrayCopyData)(null, null));
    }
}

fn ptr_of_index(api: &Api, log: &mut Log) {
    let bounds = [b(-1, 3), b(2, 2)];
    // SAFETY: a live array; offsets are logged, never addresses.
    unsafe {
        let psa = (api.SafeArrayCreate)(VT_I2, 2, bounds.as_ptr());
        for idx in [
            [-1, 2],
            [1, 2],
            [0, 3],
            [1, 3],
            [-2, 2],
            [2, 2],
            [0, 1],
            [0, 4],
            [i32::MIN, 2],
            [0, i32::MAX],
        ] {
            let mut p = core::ptr::null_mut();
            let hr = (api.SafeArrayPtrOfIndex)(psa, idx.as_ptr(), &mut p);
            let off = if hr.is_ok() {
                (p as usize - (*psa).pvData as usize) as isize
            } else {
                -1
            };
            log.say(format_args!("{idx:?}: {:#010x} offset {off}", hr.0 as u32));
        }
        let mut p = core::ptr::null_mut();
        log.hr(
            "null indices",
            (api.SafeArrayPtrOfIndex)(psa, core::ptr::null(), &mut p),
        );
        log.hr(
            "null out",
            (api.SafeArrayPtrOfIndex)(psa, [0, 2].as_ptr(), core::ptr::null_mut()),
        );
        log.hr("destroy", (api.SafeArrayDestroy)(psa));
    }
}

fn get_put_numbers(api: &Api, log: &mut Log) {
    let bounds = [b(1, 2), b(-3, 3)];
    // SAFETY: a live VT_I8 array; element buffers are i64.
    unsafe {
        let psa = (api.SafeArrayCreate)(VT_I8, 2, bounds.as_ptr());
        let mut n = 0i64;
        for i in 1..=2 {
            for j in -3..=-1 {
                n = n * 7 + 3;
                log.hr(
                    "put",
                    (api.SafeArrayPutElement)(psa, [i, j].as_ptr(), &n as *const i64 as _),
                );
            }
        }
        bytes(api, log, psa);
        for idx in [[1, -3], [2, -1], [2, -3], [3, -1], [1, 0]] {
            let mut out = -1i64;
            let hr = (api.SafeArrayGetElement)(psa, idx.as_ptr(), &mut out as *mut i64 as _);
            log.say(format_args!("get {idx:?}: {:#010x} {out}", hr.0 as u32));
        }
        describe(api, log, "after", psa);
        log.hr("destroy", (api.SafeArrayDestroy)(psa));
    }
}

fn get_put_bad_args(api: &Api, log: &mut Log) {
    // SAFETY: a live array; null arguments are refused before use.
    unsafe {
        let psa = (api.SafeArrayCreateVector)(VT_R4, 0, 2);
        let mut f = 0f32;
        log.hr(
            "get null indices",
            (api.SafeArrayGetElement)(psa, core::ptr::null(), &mut f as *mut f32 as _),
        );
        log.hr(
            "get null out",
            (api.SafeArrayGetElement)(psa, [0].as_ptr(), core::ptr::null_mut()),
        );
        log.hr(
            "put null indices",
            (api.SafeArrayPutElement)(psa, core::ptr::null(), &f as *const f32 as _),
        );
        log.hr(
            "put out of range",
            (api.SafeArrayPutElement)(psa, [2].as_ptr(), &f as *const f32 as _),
        );
        log.hr(
            "put below range",
            (api.SafeArrayPutElement)(psa, [-1].as_ptr(), &f as *const f32 as _),
        );
        describe(api, log, "after", psa);
        log.hr("destroy", (api.SafeArrayDestroy)(psa));
    }
}

fn locks(api: &Api, log: &mut Log) {
    // SAFETY: a live array; locks are balanced before destroy.
    unsafe {
        let psa = (api.SafeArrayCreateVector)(VT_UI1, 0, 4);
        log.hr("unlock unlocked", (api.SafeArrayUnlock)(psa));
        log.hr("lock", (api.SafeArrayLock)(psa));
        log.hr("lock", (api.SafeArrayLock)(psa));
        describe(api, log, "locked twice", psa);
        let mut p = core::ptr::null_mut();
        log.hr("access", (api.SafeArrayAccessData)(psa, &mut p));
        log.say(format_args!("data is pvData: {}", p == (*psa).pvData));
        log.hr(
            "access null out",
            (api.SafeArrayAccessData)(psa, core::ptr::null_mut()),
        );
        describe(api, log, "locked thrice", psa);
        log.hr(
            "put while locked",
            (api.SafeArrayPutElement)(psa, [1].as_ptr(), &9u8 as *const u8 as _),
        );
        for _ in 0..3 {
            log.hr("unlock", (api.SafeArrayUnaccessData)(psa));
        }
        log.hr("unlock again", (api.SafeArrayUnlock)(psa));
        describe(api, log, "unlocked", psa);
        bytes(api, log, psa);
        log.hr("destroy", (api.SafeArrayDestroy)(psa));
    }
}

fn lock_limit(api: &Api, log: &mut Log) {
    // SAFETY: a live array; every lock taken is released.
    unsafe {
        let psa = (api.SafeArrayCreateVector)(VT_I4, 0, 1);
        let mut last = HRESULT(0);
        let mut taken = 0u32;
        for _ in 0..70000 {
            last = (api.SafeArrayLock)(psa);
            if last.is_err() {
                break;
            }
            taken += 1;
        }
        log.say(format_args!(
            "locks taken {taken}, then {:#010x}",
            last.0 as u32
        ));
        for _ in 0..taken {
            (api.SafeArrayUnlock)(psa);
        }
        describe(api, log, "after", psa);
        log.hr("destroy", (api.SafeArrayDestroy)(psa));
    }
}

fn destroy_locked(api: &Api, log: &mut Log) {
    // SAFETY: a live array, unlocked and destroyed at the end.
    unsafe {
        let psa = (api.SafeArrayCreate)(VT_BSTR, 1, [b(0, 2)].as_ptr());
        log.hr("lock", (api.SafeArrayLock)(psa));
        log.hr("Destroy locked", (api.SafeArrayDestroy)(psa));
        log.hr("DestroyData locked", (api.SafeArrayDestroyData)(psa));
        log.hr(
            "DestroyDescriptor locked",
            (api.SafeArrayDestroyDescriptor)(psa),
        );
        log.hr("Redim locked", (api.SafeArrayRedim)(psa, &b(0, 5)));
        describe(api, log, "still", psa);
        log.hr("unlock", (api.SafeArrayUnlock)(psa));
        log.hr("destroy", (api.SafeArrayDestroy)(psa));
    }
}

fn redim(api: &Api, log: &mut Log) {
    // SAFETY: a live 2-D VT_I4 array.
    unsafe {
        let psa = (api.SafeArrayCreate)(VT_I4, 2, [b(0, 2), b(0, 3)].as_ptr());
        for i in 0..2 {
            for j in 0..3 {
                let v = 10 * i + j + 1;
                (api.SafeArrayPutElement)(psa, [i, j].as_ptr(), &v as *const i32 as _);
            }
        }
        log.hr("grow last to 5 from 1", (api.SafeArrayRedim)(psa, &b(1, 5)));
        describe(api, log, "grown", psa);
        bytes(api, log, psa);
        log.hr(
            "shrink last to 2 from -1",
            (api.SafeArrayRedim)(psa, &b(-1, 2)),
        );
        describe(api, log, "shrunk", psa);
        bytes(api, log, psa);
        log.hr("same size", (api.SafeArrayRedim)(psa, &b(7, 2)));
        describe(api, log, "rebased", psa);
        log.hr("to zero", (api.SafeArrayRedim)(psa, &b(0, 0)));
        describe(api, log, "empty", psa);
        log.hr("back to 1", (api.SafeArrayRedim)(psa, &b(0, 1)));
        describe(api, log, "one", psa);
        bytes(api, log, psa);
        log.hr("destroy", (api.SafeArrayDestroy)(psa));
    }
}

fn redim_errors(api: &Api, log: &mut Log) {
    // SAFETY: a live array; its flags are restored before destroy.
    unsafe {
        let psa = (api.SafeArrayCreate)(VT_I4, 1, [b(0, 2)].as_ptr());
        log.hr("null bound", (api.SafeArrayRedim)(psa, core::ptr::null()));
        (*psa).fFeatures |= FADF_FIXEDSIZE;
        log.hr("fixed size", (api.SafeArrayRedim)(psa, &b(0, 3)));
        (*psa).fFeatures &= !FADF_FIXEDSIZE;
        describe(api, log, "after", psa);
        log.hr("destroy", (api.SafeArrayDestroy)(psa));
    }
}

fn redim_empty_last_dimension(api: &Api, log: &mut Log) {
    // SAFETY: a live array with an empty last dimension.
    unsafe {
        let psa = (api.SafeArrayCreate)(VT_I2, 2, [b(0, 3), b(0, 0)].as_ptr());
        describe(api, log, "empty", psa);
        log.hr("grow", (api.SafeArrayRedim)(psa, &b(0, 2)));
        describe(api, log, "grown", psa);
        bytes(api, log, psa);
        log.hr("destroy", (api.SafeArrayDestroy)(psa));
    }
}

fn copy(api: &Api, log: &mut Log) {
    // SAFETY: live arrays, all destroyed.
    unsafe {
        let psa = (api.SafeArrayCreate)(VT_UI2, 2, [b(3, 2), b(-1, 2)].as_ptr());
        for (k, idx) in [[3, -1], [4, -1], [3, 0], [4, 0]].iter().enumerate() {
            let v = 0x1111u16 * (k as u16 + 1);
            (api.SafeArrayPutElement)(psa, idx.as_ptr(), &v as *const u16 as _);
        }
        (*psa).fFeatures |= FADF_FIXEDSIZE | FADF_STATIC;
        let mut out = core::ptr::null_mut();
        log.hr("copy", (api.SafeArrayCopy)(psa, &mut out));
        describe(api, log, "copy", out);
        bytes(api, log, out);
        (*psa).fFeatures &= !(FADF_FIXEDSIZE | FADF_STATIC);
        log.hr("lock source", (api.SafeArrayLock)(psa));
        let mut out2 = core::ptr::null_mut();
        log.hr("copy locked source", (api.SafeArrayCopy)(psa, &mut out2));
        describe(api, log, "copy of locked", out2);
        log.hr("unlock source", (api.SafeArrayUnlock)(psa));
        log.hr("destroy", (api.SafeArrayDestroy)(psa));
        log.hr("destroy copy", (api.SafeArrayDestroy)(out));
        log.hr("destroy copy 2", (api.SafeArrayDestroy)(out2));
    }
}

fn copy_errors(api: &Api, log: &mut Log) {
    // SAFETY: null and destroyed-data arrays are handled without reading past them.
    unsafe {
        let mut out = 1usize as Psa;
        log.hr(
            "copy null",
            (api.SafeArrayCopy)(core::ptr::null(), &mut out),
        );
        log.ptr("out", out);
        let psa = (api.SafeArrayCreate)(VT_I4, 1, [b(0, 2)].as_ptr());
        log.hr(
            "copy to null out",
            (api.SafeArrayCopy)(psa, core::ptr::null_mut()),
        );
        log.hr("DestroyData", (api.SafeArrayDestroyData)(psa));
        log.hr("copy without data", (api.SafeArrayCopy)(psa, &mut out));
        describe(api, log, "copy", out);
        log.hr("destroy copy", (api.SafeArrayDestroy)(out));
        log.hr("destroy", (api.SafeArrayDestroy)(psa));
    }
}

fn copy_data(api: &Api, log: &mut Log) {
    // SAFETY: live arrays, all destroyed.
    unsafe {
        let a = (api.SafeArrayCreate)(VT_I4, 1, [b(0, 3)].as_ptr());
        let same = (api.SafeArrayCreate)(VT_I4, 1, [b(5, 3)].as_ptr());
        let longer = (api.SafeArrayCreate)(VT_I4, 1, [b(0, 4)].as_ptr());
        let wider = (api.SafeArrayCreate)(VT_R8, 1, [b(0, 3)].as_ptr());
        let two = (api.SafeArrayCreate)(VT_I4, 2, [b(0, 3), b(0, 1)].as_ptr());
        let v = 42i32;
        (api.SafeArrayPutElement)(a, [2].as_ptr(), &v as *const i32 as _);
        log.hr("same shape", (api.SafeArrayCopyData)(a, same));
        bytes(api, log, same);
        describe(api, log, "target", same);
        log.hr("longer", (api.SafeArrayCopyData)(a, longer));
        log.hr("wider", (api.SafeArrayCopyData)(a, wider));
        log.hr("more dims", (api.SafeArrayCopyData)(a, two));
        for p in [a, same, longer, wider, two] {
            (api.SafeArrayDestroy)(p);
        }
    }
}

fn vector(api: &Api, log: &mut Log) {
    // SAFETY: a live vector.
    unsafe {
        let v = (api.SafeArrayCreateVector)(VT_I4, 5, 3);
        describe(api, log, "vector", v);
        log.say(format_args!(
            "data follows the descriptor: {}",
            (*v).pvData as usize == v as usize + core::mem::size_of::<SAFEARRAY>()
        ));
        let x = 7i32;
        log.hr(
            "put",
            (api.SafeArrayPutElement)(v, [6].as_ptr(), &x as *const i32 as _),
        );
        let mut out = core::ptr::null_mut();
        log.hr("copy", (api.SafeArrayCopy)(v, &mut out));
        describe(api, log, "copy", out);
        bytes(api, log, out);
        log.hr("shrink", (api.SafeArrayRedim)(v, &b(0, 2)));
        describe(api, log, "shrunk", v);
        log.hr("DestroyData", (api.SafeArrayDestroyData)(v));
        describe(api, log, "data destroyed", v);
        log.hr("copy of deleted", (api.SafeArrayCopy)(v, &mut out));
        log.hr("destroy", (api.SafeArrayDestroy)(v));
        log.hr("destroy copy", (api.SafeArrayDestroy)(out));
        let empty = (api.SafeArrayCreateVector)(VT_R8, 0, 0);
        describe(api, log, "empty vector", empty);
        log.hr("destroy", (api.SafeArrayDestroy)(empty));
    }
}

fn bstr_array(api: &Api, log: &mut Log) {
    // SAFETY: BSTRs from this API's own allocator; the array owns its copies.
    unsafe {
        let psa = (api.SafeArrayCreate)(VT_BSTR, 1, [b(0, 3)].as_ptr());
        let text: Vec<u16> = "ab\0c".encode_utf16().collect();
        let s = (api.SysAllocStringLen)(text.as_ptr(), text.len() as u32);
        let odd = (api.SysAllocStringByteLen)(b"xyz".as_ptr(), 3);
        log.hr("put", (api.SafeArrayPutElement)(psa, [0].as_ptr(), s as _));
        log.hr(
            "put odd",
            (api.SafeArrayPutElement)(psa, [1].as_ptr(), odd as _),
        );
        log.hr(
            "put null",
            (api.SafeArrayPutElement)(psa, [2].as_ptr(), core::ptr::null()),
        );
        (api.SysFreeString)(s);
        (api.SysFreeString)(odd);
        for i in 0..3 {
            let mut out: *mut u16 = 1usize as _;
            let hr = (api.SafeArrayGetElement)(psa, [i].as_ptr(), &mut out as *mut *mut u16 as _);
            let len = if out.is_null() {
                0
            } else {
                (api.SysStringByteLen)(out)
            };
            let units = if out.is_null() {
                vec![]
            } else {
                core::slice::from_raw_parts(out, (len as usize).div_ceil(2)).to_vec()
            };
            log.say(format_args!(
                "get {i}: {:#010x} null={} bytes={len} units={units:x?}",
                hr.0 as u32,
                out.is_null()
            ));
            (api.SysFreeString)(out);
        }
        let mut copy = core::ptr::null_mut();
        log.hr("copy", (api.SafeArrayCopy)(psa, &mut copy));
        describe(api, log, "copy", copy);
        let mut out: *mut u16 = core::ptr::null_mut();
        log.hr(
            "get from copy",
            (api.SafeArrayGetElement)(copy, [1].as_ptr(), &mut out as *mut *mut u16 as _),
        );
        log.say(format_args!(
            "copy[1] bytes={}",
            (api.SysStringByteLen)(out)
        ));
        (api.SysFreeString)(out);
        log.hr("shrink", (api.SafeArrayRedim)(psa, &b(0, 1)));
        log.hr("grow", (api.SafeArrayRedim)(psa, &b(0, 2)));
        let mut out: *mut u16 = 1usize as _;
        log.hr(
            "get new",
            (api.SafeArrayGetElement)(psa, [1].as_ptr(), &mut out as *mut *mut u16 as _),
        );
        log.say(format_args!("new element null={}", out.is_null()));
        log.hr("destroy", (api.SafeArrayDestroy)(psa));
        log.hr("destroy copy", (api.SafeArrayDestroy)(copy));
    }
}

fn interface_array(api: &Api, log: &mut Log) {
    let one = Counted::new();
    let two = Counted::new();
    let p1 = one.as_raw();
    let p2 = two.as_raw();
    let refs = |log: &mut Log, when: &str| {
        log.say(format_args!("{when}: refs {} {}", one.refs(), two.refs()));
    };
    // SAFETY: the counted objects outlive every array; references are balanced.
    unsafe {
        for vt in [VT_UNKNOWN, VT_DISPATCH] {
            let psa = (api.SafeArrayCreate)(vt, 1, [b(0, 3)].as_ptr());
            describe(api, log, "array", psa);
            log.hr("put 1", (api.SafeArrayPutElement)(psa, [0].as_ptr(), p1));
            log.hr("put 2", (api.SafeArrayPutElement)(psa, [1].as_ptr(), p2));
            log.hr(
                "put 2 again",
                (api.SafeArrayPutElement)(psa, [2].as_ptr(), p2),
            );
            refs(log, "after puts");
            log.hr(
                "replace with 1",
                (api.SafeArrayPutElement)(psa, [2].as_ptr(), p1),
            );
            refs(log, "after replace");
            let mut out = core::ptr::null_mut();
            log.hr(
                "get",
                (api.SafeArrayGetElement)(psa, [1].as_ptr(), &mut out as *mut *mut c_void as _),
            );
            log.say(format_args!("got 2: {}", out == p2));
            refs(log, "after get");
            Counted::release(out);
            let mut copy = core::ptr::null_mut();
            log.hr("copy", (api.SafeArrayCopy)(psa, &mut copy));
            describe(api, log, "copy", copy);
            refs(log, "after copy");
            log.hr("shrink", (api.SafeArrayRedim)(psa, &b(0, 1)));
            refs(log, "after shrink");
            log.hr(
                "put null",
                (api.SafeArrayPutElement)(psa, [0].as_ptr(), core::ptr::null()),
            );
            refs(log, "after put null");
            log.hr("destroy", (api.SafeArrayDestroy)(psa));
            log.hr("destroy copy", (api.SafeArrayDestroy)(copy));
            refs(log, "after destroy");
        }
    }
}

fn variant_array(api: &Api, log: &mut Log) {
    let obj = Counted::new();
    let p = obj.as_raw();
    // SAFETY: VARIANTs holding this API's BSTRs and the counted object; all cleared.
    unsafe {
        let psa = (api.SafeArrayCreate)(VT_VARIANT, 1, [b(1, 3)].as_ptr());
        describe(api, log, "array", psa);
        let text: Vec<u16> = "hi".encode_utf16().collect();
        let mut v = VARIANT {
            vt: VT_BSTR,
            ..VARIANT::default()
        };
        v.data.ptr = (api.SysAllocStringLen)(text.as_ptr(), 2) as _;
        log.hr(
            "put bstr",
            (api.SafeArrayPutElement)(psa, [1].as_ptr(), &v as *const VARIANT as _),
        );
        (api.SysFreeString)(v.data.ptr as _);
        let mut i = VARIANT {
            vt: VT_I4,
            ..VARIANT::default()
        };
        i.data.lVal = -5;
        log.hr(
            "put i4",
            (api.SafeArrayPutElement)(psa, [2].as_ptr(), &i as *const VARIANT as _),
        );
        let mut u = VARIANT {
            vt: VT_UNKNOWN,
            ..VARIANT::default()
        };
        u.data.ptr = p;
        log.hr(
            "put unknown",
            (api.SafeArrayPutElement)(psa, [3].as_ptr(), &u as *const VARIANT as _),
        );
        log.say(format_args!("refs {}", obj.refs()));
        for k in 1..=3 {
            let mut out = VARIANT {
                vt: 0xffff,
                ..VARIANT::default()
            };
            let hr = (api.SafeArrayGetElement)(psa, [k].as_ptr(), &mut out as *mut VARIANT as _);
            let what = match out.vt {
                VT_BSTR => format!("bstr bytes {}", (api.SysStringByteLen)(out.data.ptr as _)),
                VT_I4 => format!("i4 {}", out.data.lVal),
                VT_UNKNOWN => format!("unknown same={}", out.data.ptr == p),
                other => format!("vt {other}"),
            };
            log.say(format_args!("get {k}: {:#010x} {what}", hr.0 as u32));
            match out.vt {
                VT_BSTR => (api.SysFreeString)(out.data.ptr as _),
                VT_UNKNOWN => {
                    Counted::release(out.data.ptr);
                }
                _ => {}
            }
        }
        let mut copy = core::ptr::null_mut();
        log.hr("copy", (api.SafeArrayCopy)(psa, &mut copy));
        describe(api, log, "copy", copy);
        log.say(format_args!("refs {}", obj.refs()));
        log.hr("destroy", (api.SafeArrayDestroy)(psa));
        log.hr("destroy copy", (api.SafeArrayDestroy)(copy));
        log.say(format_args!("refs {}", obj.refs()));
    }
}

/// VT_CY, VT_DATE and VT_DECIMAL cells: put, get and copy are plain byte copies (a
/// DECIMAL's reserved first word included).
fn cy_date_decimal_cells(api: &Api, log: &mut Log) {
    // SAFETY: live arrays of plain data, each element buffer of the cell's size.
    unsafe {
        let cy: [i64; 2] = [123456, i64::MIN];
        let date: [f64; 2] = [-1.25, 2958465.5];
        let dec: [[u8; 16]; 2] = [
            [0, 0, 2, 0x80, 1, 0, 0, 0, 0xe2, 0x04, 0, 0, 0, 0, 0, 0],
            [
                0xaa, 0x55, 28, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                0xff, 0xff,
            ],
        ];
        for (vt, cells) in [
            (
                VT_CY,
                [cy[0].to_le_bytes().to_vec(), cy[1].to_le_bytes().to_vec()],
            ),
            (
                VT_DATE,
                [
                    date[0].to_le_bytes().to_vec(),
                    date[1].to_le_bytes().to_vec(),
                ],
            ),
            (VT_DECIMAL, [dec[0].to_vec(), dec[1].to_vec()]),
        ] {
            let psa = (api.SafeArrayCreate)(vt, 2, [b(0, 2), b(1, 1)].as_ptr());
            describe(api, log, "array", psa);
            for (k, cell) in cells.iter().enumerate() {
                log.hr(
                    "put",
                    (api.SafeArrayPutElement)(psa, [k as i32, 1].as_ptr(), cell.as_ptr() as _),
                );
            }
            bytes(api, log, psa);
            let mut out = [0u8; 16];
            log.hr(
                "get",
                (api.SafeArrayGetElement)(psa, [1, 1].as_ptr(), out.as_mut_ptr() as _),
            );
            log.say(format_args!(
                "got {}",
                out.iter().map(|b| format!("{b:02x}")).collect::<String>()
            ));
            let mut copy = core::ptr::null_mut();
            log.hr("copy", (api.SafeArrayCopy)(psa, &mut copy));
            bytes(api, log, copy);
            log.hr("destroy", (api.SafeArrayDestroy)(psa));
            log.hr("destroy copy", (api.SafeArrayDestroy)(copy));
        }
    }
}

/// A VT_VARIANT array whose cells hold arrays (VT_ARRAY|VT_R8 and VT_ARRAY|VT_VARIANT
/// holding a VT_ARRAY|VT_BSTR): put copies them deeply, get copies them again, copy and
/// destroy reach every level.
fn nested_variant_arrays(api: &Api, log: &mut Log) {
    // SAFETY: every array and BSTR made here is destroyed or freed; VARIANTs hold live
    // arrays of this API.
    unsafe {
        let numbers = (api.SafeArrayCreate)(VT_R8, 1, [b(0, 3)].as_ptr());
        for k in 0..3 {
            let x = k as f64 + 0.5;
            (api.SafeArrayPutElement)(numbers, [k].as_ptr(), &x as *const f64 as _);
        }
        let words = (api.SafeArrayCreate)(VT_BSTR, 1, [b(0, 2)].as_ptr());
        let text: Vec<u16> = "nested".encode_utf16().collect();
        let w = (api.SysAllocStringLen)(text.as_ptr(), 6);
        log.hr(
            "put word",
            (api.SafeArrayPutElement)(words, [1].as_ptr(), w as *const c_void),
        );
        (api.SysFreeString)(w);
        let inner = (api.SafeArrayCreate)(VT_VARIANT, 1, [b(0, 1)].as_ptr());
        let mut v = VARIANT {
            vt: VT_ARRAY | VT_BSTR,
            ..VARIANT::default()
        };
        v.data.ptr = words as _;
        log.hr(
            "put words in inner",
            (api.SafeArrayPutElement)(inner, [0].as_ptr(), &v as *const VARIANT as _),
        );
        let outer = (api.SafeArrayCreate)(VT_VARIANT, 2, [b(0, 2), b(0, 1)].as_ptr());
        v.vt = VT_ARRAY | VT_R8;
        v.data.ptr = numbers as _;
        log.hr(
            "put numbers",
            (api.SafeArrayPutElement)(outer, [0, 0].as_ptr(), &v as *const VARIANT as _),
        );
        v.vt = VT_ARRAY | VT_VARIANT;
        v.data.ptr = inner as _;
        log.hr(
            "put inner",
            (api.SafeArrayPutElement)(outer, [1, 0].as_ptr(), &v as *const VARIANT as _),
        );
        // The puts copied: the originals are still ours.
        for (name, psa) in [("numbers", numbers), ("words", words), ("inner", inner)] {
            log.hr(name, (api.SafeArrayDestroy)(psa));
        }
        let mut copy = core::ptr::null_mut();
        log.hr("copy", (api.SafeArrayCopy)(outer, &mut copy));
        for (name, psa) in [("outer", outer), ("copy", copy)] {
            describe(api, log, name, psa);
            let mut cell = VARIANT {
                vt: 0xffff,
                ..VARIANT::default()
            };
            log.hr(
                "get numbers",
                (api.SafeArrayGetElement)(psa, [0, 0].as_ptr(), &mut cell as *mut VARIANT as _),
            );
            log.say(format_args!("vt {:#06x}", cell.vt));
            describe(api, log, "numbers", cell.data.ptr as Psa);
            bytes(api, log, cell.data.ptr as Psa);
            log.hr("destroy got", (api.SafeArrayDestroy)(cell.data.ptr as Psa));
            log.hr(
                "get inner",
                (api.SafeArrayGetElement)(psa, [1, 0].as_ptr(), &mut cell as *mut VARIANT as _),
            );
            log.say(format_args!("vt {:#06x}", cell.vt));
            let got_inner = cell.data.ptr as Psa;
            describe(api, log, "inner", got_inner);
            log.hr(
                "get words",
                (api.SafeArrayGetElement)(got_inner, [0].as_ptr(), &mut cell as *mut VARIANT as _),
            );
            log.say(format_args!("vt {:#06x}", cell.vt));
            let got_words = cell.data.ptr as Psa;
            describe(api, log, "words", got_words);
            let mut s: *mut u16 = core::ptr::null_mut();
            log.hr(
                "get word",
                (api.SafeArrayGetElement)(got_words, [1].as_ptr(), &mut s as *mut *mut u16 as _),
            );
            log.say(format_args!(
                "word {:?}",
                String::from_utf16_lossy(core::slice::from_raw_parts(
                    s,
                    (api.SysStringByteLen)(s) as usize / 2
                ))
            ));
            (api.SysFreeString)(s);
            log.hr("destroy words", (api.SafeArrayDestroy)(got_words));
            log.hr("destroy inner", (api.SafeArrayDestroy)(got_inner));
        }
        log.hr("destroy outer", (api.SafeArrayDestroy)(outer));
        log.hr("destroy copy", (api.SafeArrayDestroy)(copy));
    }
}

fn iid(api: &Api, log: &mut Log) {
    let custom = Guid::from_u128(0x12345678_9abc_def0_1234_56789abcdef0);
    // SAFETY: live arrays.
    unsafe {
        for vt in [VT_UNKNOWN, VT_DISPATCH, VT_I4] {
            let psa = (api.SafeArrayCreate)(vt, 1, [b(0, 1)].as_ptr());
            let mut g = Guid::from_u128(0);
            let hr = (api.SafeArrayGetIID)(psa, &mut g);
            log.say(format_args!("vt {vt}: GetIID {:#010x} {g:?}", hr.0 as u32));
            log.hr("SetIID", (api.SafeArraySetIID)(psa, &custom));
            let hr = (api.SafeArrayGetIID)(psa, &mut g);
            log.say(format_args!("after SetIID {:#010x} {g:?}", hr.0 as u32));
            let mut copy = core::ptr::null_mut();
            (api.SafeArrayCopy)(psa, &mut copy);
            let hr = (api.SafeArrayGetIID)(copy, &mut g);
            log.say(format_args!("copy GetIID {:#010x} {g:?}", hr.0 as u32));
            (api.SafeArrayDestroy)(copy);
            (api.SafeArrayDestroy)(psa);
        }
    }
}

fn zero_sized_dimension(api: &Api, log: &mut Log) {
    // SAFETY: a live array with an empty dimension.
    unsafe {
        let psa = (api.SafeArrayCreate)(VT_R8, 2, [b(0, 0), b(0, 4)].as_ptr());
        describe(api, log, "array", psa);
        let mut p = core::ptr::null_mut();
        log.hr(
            "PtrOfIndex",
            (api.SafeArrayPtrOfIndex)(psa, [0, 0].as_ptr(), &mut p),
        );
        let mut out = core::ptr::null_mut();
        log.hr("copy", (api.SafeArrayCopy)(psa, &mut out));
        describe(api, log, "copy", out);
        log.hr("destroy", (api.SafeArrayDestroy)(psa));
        log.hr("destroy copy", (api.SafeArrayDestroy)(out));
    }
}

fn many_dimensions(api: &Api, log: &mut Log) {
    let bounds: Vec<SAFEARRAYBOUND> = (0..8).map(|d| b(d - 3, 2)).collect();
    // SAFETY: a live 8-D array.
    unsafe {
        let psa = (api.SafeArrayCreate)(VT_UI1, 8, bounds.as_ptr());
        describe(api, log, "array", psa);
        let idx: Vec<i32> = (0..8).map(|d| d - 2).collect();
        log.hr(
            "put",
            (api.SafeArrayPutElement)(psa, idx.as_ptr(), &0xabu8 as *const u8 as _),
        );
        bytes(api, log, psa);
        log.hr("destroy", (api.SafeArrayDestroy)(psa));
    }
}

fn transcript(api: &Api) -> Vec<(String, String)> {
    scenarios()
        .into_iter()
        .map(|(name, run)| {
            let mut log = Log::default();
            run(api, &mut log);
            (name, log.0)
        })
        .collect()
}

fn render(t: &[(String, String)]) -> String {
    t.iter().map(|(n, l)| format!("[{n}]\n{l}")).collect()
}

#[cfg(windows)]
#[test]
fn ours_matches_the_system_oleaut32() {
    let system = transcript(&system_api());
    let ours = transcript(&portable_api());
    if let Some(path) = std::env::var_os("COMTYPES_FREEZE_SAFEARRAY") {
        std::fs::write(path, render(&system)).expect("write the frozen transcript");
    }
    let mut differ = Vec::new();
    for ((name, s), (_, o)) in system.iter().zip(&ours) {
        if s != o {
            differ.push(format!("[{name}]\n--- system\n{s}--- ours\n{o}"));
        }
    }
    println!("{} scenarios compared", system.len());
    assert!(
        differ.is_empty(),
        "{} of {} scenarios differ:\n{}",
        differ.len(),
        system.len(),
        differ.join("\n")
    );
}

#[test]
fn ours_matches_the_frozen_wine_transcript() {
    let frozen = include_str!("data/safearray_differential.txt");
    let ours = render(&transcript(&portable_api()));
    if cfg!(target_pointer_width = "64") {
        let mismatch = frozen
            .split("\n[")
            .zip(ours.split("\n["))
            .find(|(a, b)| a != b);
        assert!(
            mismatch.is_none(),
            "first differing scenario:\n--- frozen\n{}\n--- ours\n{}",
            mismatch.unwrap().0,
            mismatch.unwrap().1
        );
        assert_eq!(frozen.len(), ours.len());
    }
}
