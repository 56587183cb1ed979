//! SAFEARRAY functions written from oleaut32's documented behaviour (Microsoft's
//! reference and Wine's conformance tests in dlls/oleaut32/tests/safearray.c).
//!
//! Memory layout, as oleaut32's: 16 hidden bytes, then the descriptor with its bounds.
//! The hidden bytes hold the IID of interface arrays (FADF_HAVEIID, all 16 bytes), or
//! the element VARTYPE as a u32 in the last 4 (FADF_HAVEVARTYPE). Data and descriptors
//! come from the task allocator (CoTaskMemAlloc), as on Windows.
//!
//! Deliberate differences from Windows/Wine, each for safety:
//! - Sizes are computed with checked arithmetic: an element count whose byte size does
//!   not fit in 32 bits fails (NULL / E_OUTOFMEMORY) where oleaut32 wraps around.
//! - Index arithmetic uses 64 bits, so bounds near `i32::MAX` cannot wrap into range.
//! - SafeArrayRedim growing a vector (SafeArrayCreateVector, data inside the descriptor
//!   block) moves its data to a block of its own and clears FADF_CREATEVECTOR; Wine
//!   frees the embedded pointer, corrupting the heap.
//! - SafeArrayCopy of an array whose data was destroyed (pvData null) gives a copy with
//!   null data, as Wine; a vector whose data was deleted is refused (E_INVALIDARG), as Wine.

use super::bstr::{SysAllocStringByteLen, SysFreeString, SysStringByteLen};
use crate::hresult::{
    DISP_E_ARRAYISLOCKED, DISP_E_BADINDEX, E_INVALIDARG, E_OUTOFMEMORY, E_POINTER, E_UNEXPECTED,
    S_OK,
};
use crate::safearray::*;
use crate::variant::*;
use crate::{Guid, IDispatch, IUnknown, IUnknown_Vtbl, Interface, HRESULT};
use core::ffi::c_void;
use core::sync::atomic::{AtomicU32, Ordering};

/// Hidden bytes before the descriptor.
const HIDDEN: usize = 16;

fn vt_size(vt: u16) -> u32 {
    match vt {
        VT_I1 | VT_UI1 => 1,
        VT_BOOL | VT_I2 | VT_UI2 => 2,
        VT_I4 | VT_UI4 | VT_R4 | VT_ERROR | VT_INT | VT_UINT => 4,
        VT_R8 | VT_I8 | VT_UI8 | VT_CY | VT_DATE => 8,
        VT_INT_PTR | VT_UINT_PTR | VT_BSTR | VT_DISPATCH | VT_UNKNOWN => {
            core::mem::size_of::<usize>() as u32
        }
        VT_VARIANT => core::mem::size_of::<VARIANT>() as u32,
        VT_DECIMAL => 16,
        // Non-zero to mark the type valid; the record's size comes from IRecordInfo.
        VT_RECORD => 32,
        _ => 0,
    }
}
const VT_INT_PTR: u16 = 37;
const VT_UINT_PTR: u16 = 38;

/// Zeroed task memory, or null.
unsafe fn malloc_zeroed(size: usize) -> *mut c_void {
    // SAFETY: any size may be asked for; a non-null block holds `size` bytes.
    unsafe {
        let p = crate::sys::CoTaskMemAlloc(size);
        if !p.is_null() {
            core::ptr::write_bytes(p as *mut u8, 0, size);
        }
        p
    }
}

unsafe fn free(p: *mut c_void) {
    // SAFETY: `p` is null or came from CoTaskMemAlloc.
    unsafe { crate::sys::CoTaskMemFree(p) }
}

/// The bounds as a slice, `rgsabound[0]` (last dimension) first.
///
/// # Safety
/// `psa` is a live descriptor.
unsafe fn bounds<'a>(psa: *const SAFEARRAY) -> &'a [SAFEARRAYBOUND] {
    // SAFETY: a descriptor holds `cDims` bounds from `rgsabound` on.
    unsafe {
        core::slice::from_raw_parts(
            core::ptr::addr_of!((*psa).rgsabound) as *const SAFEARRAYBOUND,
            (*psa).cDims as usize,
        )
    }
}

unsafe fn bounds_mut<'a>(psa: *mut SAFEARRAY) -> &'a mut [SAFEARRAYBOUND] {
    // SAFETY: as `bounds`.
    unsafe {
        core::slice::from_raw_parts_mut(
            core::ptr::addr_of_mut!((*psa).rgsabound) as *mut SAFEARRAYBOUND,
            (*psa).cDims as usize,
        )
    }
}

/// The number of cells, or None when it overflows usize (0 when a dimension is empty).
unsafe fn cell_count(psa: *const SAFEARRAY) -> Option<usize> {
    // SAFETY: the caller's live descriptor.
    let b = unsafe { bounds(psa) };
    if b.iter().any(|b| b.cElements == 0) {
        return Some(0);
    }
    b.iter()
        .try_fold(1usize, |n, b| n.checked_mul(b.cElements as usize))
}

/// The data size in bytes, when it fits the 32-bit sizes of the API.
unsafe fn data_size(psa: *const SAFEARRAY) -> Option<usize> {
    // SAFETY: the caller's live descriptor.
    let size = unsafe { cell_count(psa)?.checked_mul((*psa).cbElements as usize)? };
    (size <= u32::MAX as usize).then_some(size)
}

unsafe fn hidden_u32(psa: *mut SAFEARRAY) -> *mut u32 {
    // SAFETY: the 16 hidden bytes precede every descriptor of ours.
    unsafe { (psa as *mut u8).sub(4) as *mut u32 }
}

unsafe fn hidden_guid(psa: *mut SAFEARRAY) -> *mut Guid {
    // SAFETY: as hidden_u32; the block is aligned to 16.
    unsafe { (psa as *mut u8).sub(HIDDEN) as *mut Guid }
}

unsafe fn hidden_ptr(psa: *mut SAFEARRAY) -> *mut *mut c_void {
    // SAFETY: as hidden_u32.
    unsafe { (psa as *mut u8).sub(core::mem::size_of::<usize>()) as *mut *mut c_void }
}

unsafe fn set_features(vt: u16, psa: *mut SAFEARRAY) {
    // SAFETY: a fresh descriptor of ours.
    unsafe {
        match vt {
            VT_DISPATCH => {
                (*psa).fFeatures = FADF_HAVEIID;
                *hidden_guid(psa) = IDispatch::IID;
            }
            VT_UNKNOWN => {
                (*psa).fFeatures = FADF_HAVEIID;
                *hidden_guid(psa) = IUnknown::IID;
            }
            VT_RECORD => (*psa).fFeatures = FADF_RECORD,
            _ => {
                (*psa).fFeatures = FADF_HAVEVARTYPE;
                *hidden_u32(psa) = vt as u32;
            }
        }
    }
}

fn kind_feature(vt: u16) -> u16 {
    match vt {
        VT_BSTR => FADF_BSTR,
        VT_UNKNOWN => FADF_UNKNOWN,
        VT_DISPATCH => FADF_DISPATCH,
        VT_VARIANT => FADF_VARIANT,
        _ => 0,
    }
}

unsafe fn alloc_block(descriptor_and_more: usize, out: *mut *mut SAFEARRAY) -> HRESULT {
    // SAFETY: `out` is writable (checked by the callers).
    unsafe {
        let Some(size) = descriptor_and_more.checked_add(HIDDEN) else {
            *out = core::ptr::null_mut();
            return E_OUTOFMEMORY;
        };
        let p = malloc_zeroed(size);
        if p.is_null() {
            *out = core::ptr::null_mut();
            return E_OUTOFMEMORY;
        }
        *out = (p as *mut u8).add(HIDDEN) as *mut SAFEARRAY;
    }
    S_OK
}

fn descriptor_size(dims: usize) -> usize {
    core::mem::size_of::<SAFEARRAY>() + core::mem::size_of::<SAFEARRAYBOUND>() * (dims - 1)
}

pub unsafe fn SafeArrayAllocDescriptor(dims: u32, out: *mut *mut SAFEARRAY) -> HRESULT {
    if dims == 0 || dims >= 0x10000 {
        return E_INVALIDARG;
    }
    if out.is_null() {
        return E_POINTER;
    }
    // SAFETY: `out` is writable; the block holds the descriptor and `dims` bounds.
    unsafe {
        let hr = alloc_block(descriptor_size(dims as usize), out);
        if hr.is_err() {
            return hr;
        }
        (**out).cDims = dims as u16;
    }
    S_OK
}

pub unsafe fn SafeArrayAllocDescriptorEx(vt: u16, dims: u32, out: *mut *mut SAFEARRAY) -> HRESULT {
    // SAFETY: as SafeArrayAllocDescriptor; on success `*out` is a fresh descriptor.
    unsafe {
        let hr = SafeArrayAllocDescriptor(dims, out);
        if hr.is_ok() {
            set_features(vt, *out);
            (**out).cbElements = vt_size(vt);
        }
        hr
    }
}

pub unsafe fn SafeArrayAllocData(psa: *mut SAFEARRAY) -> HRESULT {
    if psa.is_null() {
        return E_INVALIDARG;
    }
    // SAFETY: a live descriptor.
    unsafe {
        let Some(size) = data_size(psa) else {
            return E_OUTOFMEMORY;
        };
        (*psa).pvData = malloc_zeroed(size);
        if (*psa).pvData.is_null() {
            return E_OUTOFMEMORY;
        }
    }
    S_OK
}

pub unsafe fn SafeArrayCreate(vt: u16, dims: u32, bounds: *const SAFEARRAYBOUND) -> *mut SAFEARRAY {
    if vt == VT_RECORD || bounds.is_null() {
        return core::ptr::null_mut();
    }
    let mut psa = core::ptr::null_mut();
    // SAFETY: `bounds` holds `dims` entries (the contract); `psa` is fresh on success.
    unsafe {
        if SafeArrayAllocDescriptorEx(vt, dims, &mut psa).is_err() {
            return core::ptr::null_mut();
        }
        (*psa).fFeatures |= kind_feature(vt);
        let given = core::slice::from_raw_parts(bounds, dims as usize);
        for (slot, b) in bounds_mut(psa).iter_mut().zip(given.iter().rev()) {
            *slot = *b;
        }
        if (*psa).cbElements == 0 || SafeArrayAllocData(psa).is_err() {
            SafeArrayDestroyDescriptor(psa);
            return core::ptr::null_mut();
        }
    }
    psa
}

pub unsafe fn SafeArrayCreateVector(vt: u16, lbound: i32, count: u32) -> *mut SAFEARRAY {
    let size = vt_size(vt);
    if vt == VT_RECORD || size == 0 {
        return core::ptr::null_mut();
    }
    let Some(data) = (size as usize)
        .checked_mul(count as usize)
        .filter(|&d| d <= u32::MAX as usize)
    else {
        return core::ptr::null_mut();
    };
    let mut psa = core::ptr::null_mut();
    // SAFETY: the block holds the descriptor (one bound) followed by the data.
    unsafe {
        if alloc_block(core::mem::size_of::<SAFEARRAY>() + data, &mut psa).is_err() {
            return core::ptr::null_mut();
        }
        set_features(vt, psa);
        (*psa).cDims = 1;
        (*psa).fFeatures |= FADF_CREATEVECTOR | kind_feature(vt);
        (*psa).pvData = psa.add(1) as *mut c_void;
        (*psa).cbElements = size;
        (*psa).rgsabound[0] = SAFEARRAYBOUND {
            cElements: count,
            lLbound: lbound,
        };
    }
    psa
}

unsafe fn release(p: *mut c_void) {
    if !p.is_null() {
        // SAFETY: a non-null element of an interface array is a live COM pointer.
        unsafe { ((**(p as *mut *const IUnknown_Vtbl)).Release)(p) };
    }
}

unsafe fn add_ref(p: *mut c_void) {
    if !p.is_null() {
        // SAFETY: as `release`.
        unsafe { ((**(p as *mut *const IUnknown_Vtbl)).AddRef)(p) };
    }
}

/// Clears the elements from `start` on (BSTRs freed, interfaces released, VARIANTs
/// cleared); the memory stays.
unsafe fn destroy_elements(psa: *mut SAFEARRAY, start: usize) -> HRESULT {
    // SAFETY: a live descriptor whose data holds `cell_count` cells of its kind.
    unsafe {
        let f = (*psa).fFeatures;
        if (*psa).pvData.is_null() || f & FADF_DATADELETED != 0 {
            return S_OK;
        }
        let count = cell_count(psa).unwrap_or(0);
        if start > count {
            return E_UNEXPECTED;
        }
        let cells = start..count;
        if f & (FADF_UNKNOWN | FADF_DISPATCH) != 0 {
            let p = (*psa).pvData as *mut *mut c_void;
            for i in cells {
                release(*p.add(i));
            }
        } else if f & FADF_BSTR != 0 {
            let p = (*psa).pvData as *mut *mut u16;
            for i in cells {
                SysFreeString(*p.add(i));
            }
        } else if f & FADF_VARIANT != 0 {
            let p = (*psa).pvData as *mut VARIANT;
            for i in cells {
                variant_clear(p.add(i));
            }
        }
    }
    S_OK
}

pub unsafe fn SafeArrayDestroyData(psa: *mut SAFEARRAY) -> HRESULT {
    if psa.is_null() {
        return E_INVALIDARG;
    }
    // SAFETY: a live descriptor.
    unsafe {
        if (*psa).cLocks != 0 {
            return DISP_E_ARRAYISLOCKED;
        }
        let hr = destroy_elements(psa, 0);
        if hr.is_err() {
            return hr;
        }
        if !(*psa).pvData.is_null() {
            if (*psa).fFeatures & FADF_STATIC != 0 {
                let size = data_size(psa).unwrap_or(0);
                core::ptr::write_bytes((*psa).pvData as *mut u8, 0, size);
                return S_OK;
            }
            if (*psa).fFeatures & FADF_CREATEVECTOR == 0 {
                free((*psa).pvData);
                (*psa).pvData = core::ptr::null_mut();
            } else {
                (*psa).fFeatures |= FADF_DATADELETED;
            }
        }
    }
    S_OK
}

pub unsafe fn SafeArrayDestroyDescriptor(psa: *mut SAFEARRAY) -> HRESULT {
    if psa.is_null() {
        return S_OK;
    }
    // SAFETY: a live descriptor of ours, preceded by its hidden bytes.
    unsafe {
        if (*psa).cLocks != 0 {
            return DISP_E_ARRAYISLOCKED;
        }
        if (*psa).fFeatures & FADF_RECORD != 0 {
            release(*hidden_ptr(psa));
            *hidden_ptr(psa) = core::ptr::null_mut();
        }
        if (*psa).fFeatures & FADF_CREATEVECTOR != 0 && (*psa).fFeatures & FADF_DATADELETED == 0 {
            destroy_elements(psa, 0);
        }
        free((psa as *mut u8).sub(HIDDEN) as *mut c_void);
    }
    S_OK
}

pub unsafe fn SafeArrayDestroy(psa: *mut SAFEARRAY) -> HRESULT {
    if psa.is_null() {
        return S_OK;
    }
    // SAFETY: a live descriptor.
    unsafe {
        if (*psa).cLocks > 0 {
            return DISP_E_ARRAYISLOCKED;
        }
        SafeArrayDestroyData(psa);
        SafeArrayDestroyDescriptor(psa);
    }
    S_OK
}

fn locks<'a>(psa: *mut SAFEARRAY) -> &'a AtomicU32 {
    // SAFETY: `cLocks` is an aligned u32 inside a live descriptor; every change to it
    // goes through atomics, as oleaut32's Interlocked calls.
    unsafe { &*(core::ptr::addr_of_mut!((*psa).cLocks) as *const AtomicU32) }
}

pub unsafe fn SafeArrayLock(psa: *mut SAFEARRAY) -> HRESULT {
    if psa.is_null() {
        return E_INVALIDARG;
    }
    let l = locks(psa);
    if l.fetch_add(1, Ordering::AcqRel).wrapping_add(1) > 0xffff {
        l.fetch_sub(1, Ordering::AcqRel);
        return E_UNEXPECTED;
    }
    S_OK
}

pub unsafe fn SafeArrayUnlock(psa: *mut SAFEARRAY) -> HRESULT {
    if psa.is_null() {
        return E_INVALIDARG;
    }
    let l = locks(psa);
    if (l.fetch_sub(1, Ordering::AcqRel).wrapping_sub(1) as i32) < 0 {
        l.fetch_add(1, Ordering::AcqRel);
        return E_UNEXPECTED;
    }
    S_OK
}

pub unsafe fn SafeArrayAccessData(psa: *mut SAFEARRAY, out: *mut *mut c_void) -> HRESULT {
    if psa.is_null() || out.is_null() {
        return E_INVALIDARG;
    }
    // SAFETY: a live descriptor; `out` is writable.
    unsafe {
        let hr = SafeArrayLock(psa);
        *out = if hr.is_ok() {
            (*psa).pvData
        } else {
            core::ptr::null_mut()
        };
        hr
    }
}

pub unsafe fn SafeArrayUnaccessData(psa: *mut SAFEARRAY) -> HRESULT {
    // SAFETY: same contract.
    unsafe { SafeArrayUnlock(psa) }
}

pub unsafe fn SafeArrayGetDim(psa: *const SAFEARRAY) -> u32 {
    if psa.is_null() {
        return 0;
    }
    // SAFETY: a live descriptor.
    unsafe { (*psa).cDims as u32 }
}

pub unsafe fn SafeArrayGetElemsize(psa: *const SAFEARRAY) -> u32 {
    if psa.is_null() {
        return 0;
    }
    // SAFETY: a live descriptor.
    unsafe { (*psa).cbElements }
}

/// The bound of 1-based dimension `dim`.
unsafe fn bound_of(psa: *const SAFEARRAY, dim: u32) -> Result<SAFEARRAYBOUND, HRESULT> {
    // SAFETY: a live descriptor.
    let b = unsafe { bounds(psa) };
    if dim == 0 || dim as usize > b.len() {
        return Err(DISP_E_BADINDEX);
    }
    Ok(b[b.len() - dim as usize])
}

pub unsafe fn SafeArrayGetLBound(psa: *const SAFEARRAY, dim: u32, out: *mut i32) -> HRESULT {
    if psa.is_null() || out.is_null() {
        return E_INVALIDARG;
    }
    // SAFETY: a live descriptor; `out` is writable.
    unsafe {
        match bound_of(psa, dim) {
            Ok(b) => *out = b.lLbound,
            Err(hr) => return hr,
        }
    }
    S_OK
}

pub unsafe fn SafeArrayGetUBound(psa: *const SAFEARRAY, dim: u32, out: *mut i32) -> HRESULT {
    if psa.is_null() || out.is_null() {
        return E_INVALIDARG;
    }
    // SAFETY: a live descriptor; `out` is writable.
    unsafe {
        match bound_of(psa, dim) {
            // As oleaut32: the upper bound of an empty dimension is lLbound - 1.
            Ok(b) => *out = b.lLbound.wrapping_add(b.cElements as i32).wrapping_sub(1),
            Err(hr) => return hr,
        }
    }
    S_OK
}

pub unsafe fn SafeArrayGetVartype(psa: *const SAFEARRAY, out: *mut u16) -> HRESULT {
    if psa.is_null() || out.is_null() {
        return E_INVALIDARG;
    }
    // SAFETY: a live descriptor of ours (hidden bytes before it); `out` is writable.
    unsafe {
        let f = (*psa).fFeatures;
        *out = if f & FADF_RECORD != 0 {
            VT_RECORD
        } else if f & (FADF_HAVEIID | FADF_DISPATCH) == FADF_HAVEIID | FADF_DISPATCH {
            VT_DISPATCH
        } else if f & FADF_HAVEIID != 0 {
            VT_UNKNOWN
        } else if f & FADF_HAVEVARTYPE != 0 {
            *hidden_u32(psa as *mut SAFEARRAY) as u16
        } else {
            return E_INVALIDARG;
        };
    }
    S_OK
}

pub unsafe fn SafeArrayGetIID(psa: *const SAFEARRAY, out: *mut Guid) -> HRESULT {
    // SAFETY: a live descriptor; `out` is writable.
    unsafe {
        if psa.is_null() || out.is_null() || (*psa).fFeatures & FADF_HAVEIID == 0 {
            return E_INVALIDARG;
        }
        *out = *hidden_guid(psa as *mut SAFEARRAY);
    }
    S_OK
}

pub unsafe fn SafeArraySetIID(psa: *mut SAFEARRAY, iid: *const Guid) -> HRESULT {
    // SAFETY: a live descriptor; `iid` is readable.
    unsafe {
        if psa.is_null() || iid.is_null() || (*psa).fFeatures & FADF_HAVEIID == 0 {
            return E_INVALIDARG;
        }
        *hidden_guid(psa) = *iid;
    }
    S_OK
}

pub unsafe fn SafeArrayPtrOfIndex(
    psa: *mut SAFEARRAY,
    indices: *const i32,
    out: *mut *mut c_void,
) -> HRESULT {
    if psa.is_null() || indices.is_null() || out.is_null() {
        return E_INVALIDARG;
    }
    // SAFETY: a live descriptor; `indices` holds one index per dimension, first
    // dimension first; `out` is writable. The offset stays inside the data.
    unsafe {
        let b = bounds(psa);
        let idx = core::slice::from_raw_parts(indices, b.len());
        let mut cell = 0usize;
        let mut stride = 1usize;
        // The first index goes with the last stored bound, and varies fastest.
        for (i, bound) in idx.iter().zip(b.iter().rev()) {
            let rel = *i as i64 - bound.lLbound as i64;
            if rel < 0 || rel >= bound.cElements as i64 {
                return DISP_E_BADINDEX;
            }
            cell += rel as usize * stride;
            stride *= bound.cElements as usize;
        }
        *out = ((*psa).pvData as *mut u8).add(cell * (*psa).cbElements as usize) as *mut c_void;
    }
    S_OK
}

pub unsafe fn SafeArrayGetElement(
    psa: *mut SAFEARRAY,
    indices: *const i32,
    data: *mut c_void,
) -> HRESULT {
    if psa.is_null() || indices.is_null() || data.is_null() {
        return E_INVALIDARG;
    }
    // SAFETY: a live descriptor; `data` is writable for one element of its kind.
    unsafe {
        let hr = SafeArrayLock(psa);
        if hr.is_err() {
            return hr;
        }
        let mut src = core::ptr::null_mut();
        let mut hr = SafeArrayPtrOfIndex(psa, indices, &mut src);
        if hr.is_ok() {
            let f = (*psa).fFeatures;
            if f & FADF_VARIANT != 0 {
                let dst = data as *mut VARIANT;
                (*dst).vt = VT_EMPTY;
                hr = variant_copy(dst, src as *const VARIANT);
            } else if f & FADF_BSTR != 0 {
                let s = *(src as *const *mut u16);
                let d = data as *mut *mut u16;
                *d = if s.is_null() {
                    core::ptr::null_mut()
                } else {
                    let copy = SysAllocStringByteLen(s as *const u8, SysStringByteLen(s));
                    if copy.is_null() {
                        hr = E_OUTOFMEMORY;
                    }
                    copy
                };
            } else if f & (FADF_UNKNOWN | FADF_DISPATCH) != 0 {
                let s = *(src as *const *mut c_void);
                add_ref(s);
                *(data as *mut *mut c_void) = s;
            } else {
                core::ptr::copy_nonoverlapping(
                    src as *const u8,
                    data as *mut u8,
                    (*psa).cbElements as usize,
                );
            }
        }
        SafeArrayUnlock(psa);
        hr
    }
}

pub unsafe fn SafeArrayPutElement(
    psa: *mut SAFEARRAY,
    indices: *const i32,
    data: *const c_void,
) -> HRESULT {
    if psa.is_null() || indices.is_null() {
        return E_INVALIDARG;
    }
    // SAFETY: a live descriptor; `data` is the element (a BSTR or interface pointer for
    // those arrays, else a pointer to one element), as the function's contract says.
    unsafe {
        let hr = SafeArrayLock(psa);
        if hr.is_err() {
            return hr;
        }
        let mut dst = core::ptr::null_mut();
        let mut hr = SafeArrayPtrOfIndex(psa, indices, &mut dst);
        if hr.is_ok() {
            let f = (*psa).fFeatures;
            if f & FADF_VARIANT != 0 {
                hr = variant_copy(dst as *mut VARIANT, data as *const VARIANT);
            } else if f & FADF_BSTR != 0 {
                let d = dst as *mut *mut u16;
                SysFreeString(*d);
                let s = data as *const u16;
                *d = SysAllocStringByteLen(s as *const u8, SysStringByteLen(s));
                if (*d).is_null() {
                    hr = E_OUTOFMEMORY;
                }
            } else if f & (FADF_UNKNOWN | FADF_DISPATCH) != 0 {
                let d = dst as *mut *mut c_void;
                add_ref(data as *mut c_void);
                release(*d);
                *d = data as *mut c_void;
            } else if data.is_null() {
                hr = E_INVALIDARG;
            } else {
                core::ptr::copy_nonoverlapping(
                    data as *const u8,
                    dst as *mut u8,
                    (*psa).cbElements as usize,
                );
            }
        }
        SafeArrayUnlock(psa);
        hr
    }
}

/// Fills `dest`'s (allocated) data with copies of `psa`'s elements and takes its
/// features and hidden type.
unsafe fn copy_data(psa: *mut SAFEARRAY, dest: *mut SAFEARRAY) -> HRESULT {
    // SAFETY: two live descriptors of equal shape and element size.
    unsafe {
        if (*psa).pvData.is_null() {
            return S_OK;
        }
        if (*dest).pvData.is_null() || (*psa).fFeatures & FADF_DATADELETED != 0 {
            return E_INVALIDARG;
        }
        let count = cell_count(psa).unwrap_or(0);
        let f = (*psa).fFeatures;
        (*dest).fFeatures = ((*dest).fFeatures & FADF_CREATEVECTOR) | (f & !IGNORED_ON_COPY);
        if f & FADF_VARIANT != 0 {
            let s = (*psa).pvData as *const VARIANT;
            let d = (*dest).pvData as *mut VARIANT;
            for i in 0..count {
                variant_copy(d.add(i), s.add(i));
            }
        } else if f & FADF_BSTR != 0 {
            let s = (*psa).pvData as *const *mut u16;
            let d = (*dest).pvData as *mut *mut u16;
            for i in 0..count {
                SysFreeString(*d.add(i));
                let src = *s.add(i);
                if src.is_null() {
                    *d.add(i) = core::ptr::null_mut();
                } else {
                    let copy = SysAllocStringByteLen(src as *const u8, SysStringByteLen(src));
                    *d.add(i) = copy;
                    if copy.is_null() {
                        return E_OUTOFMEMORY;
                    }
                }
            }
        } else if f & (FADF_UNKNOWN | FADF_DISPATCH) != 0 {
            let s = (*psa).pvData as *const *mut c_void;
            let d = (*dest).pvData as *mut *mut c_void;
            for i in 0..count {
                release(*d.add(i));
                add_ref(*s.add(i));
                *d.add(i) = *s.add(i);
            }
        } else {
            core::ptr::copy_nonoverlapping(
                (*psa).pvData as *const u8,
                (*dest).pvData as *mut u8,
                count * (*psa).cbElements as usize,
            );
        }
        if f & FADF_HAVEIID != 0 {
            *hidden_guid(dest) = *hidden_guid(psa);
        } else if f & FADF_HAVEVARTYPE != 0 {
            *hidden_u32(dest) = *hidden_u32(psa);
        }
    }
    S_OK
}

const IGNORED_ON_COPY: u16 =
    FADF_AUTO | FADF_STATIC | FADF_EMBEDDED | FADF_FIXEDSIZE | FADF_CREATEVECTOR;

pub unsafe fn SafeArrayCopyData(source: *mut SAFEARRAY, target: *mut SAFEARRAY) -> HRESULT {
    if source.is_null() || target.is_null() {
        return E_INVALIDARG;
    }
    // SAFETY: two live descriptors.
    unsafe {
        if (*source).cDims != (*target).cDims || (*source).cbElements != (*target).cbElements {
            return E_INVALIDARG;
        }
        let same_shape = bounds(source)
            .iter()
            .zip(bounds(target))
            .all(|(a, b)| a.cElements == b.cElements);
        if !same_shape {
            return E_INVALIDARG;
        }
        copy_data(source, target)
    }
}

pub unsafe fn SafeArrayCopy(psa: *const SAFEARRAY, out: *mut *mut SAFEARRAY) -> HRESULT {
    if out.is_null() {
        return E_INVALIDARG;
    }
    let psa = psa as *mut SAFEARRAY;
    // SAFETY: `out` is writable; a non-null `psa` is a live descriptor of ours.
    unsafe {
        *out = core::ptr::null_mut();
        if psa.is_null() {
            return S_OK;
        }
        if (*psa).cbElements == 0 {
            return E_INVALIDARG;
        }
        let mut hr;
        if (*psa).fFeatures & (FADF_RECORD | FADF_HAVEIID | FADF_HAVEVARTYPE) != 0 {
            let mut vt = 0u16;
            hr = SafeArrayGetVartype(psa, &mut vt);
            if hr.is_ok() {
                hr = SafeArrayAllocDescriptorEx(vt, (*psa).cDims as u32, out);
            }
        } else {
            hr = SafeArrayAllocDescriptor((*psa).cDims as u32, out);
            if hr.is_ok() {
                (**out).fFeatures = (*psa).fFeatures & !IGNORED_ON_COPY;
                (**out).cbElements = (*psa).cbElements;
            }
        }
        if hr.is_err() {
            return hr;
        }
        let dest = *out;
        bounds_mut(dest).copy_from_slice(bounds(psa));
        let Some(size) = data_size(psa) else {
            SafeArrayDestroyDescriptor(dest);
            *out = core::ptr::null_mut();
            return E_OUTOFMEMORY;
        };
        (*dest).pvData = malloc_zeroed(size);
        if (*dest).pvData.is_null() {
            SafeArrayDestroyDescriptor(dest);
            *out = core::ptr::null_mut();
            return E_OUTOFMEMORY;
        }
        let hr = copy_data(psa, dest);
        if hr.is_err() {
            free((*dest).pvData);
            SafeArrayDestroyDescriptor(dest);
            *out = core::ptr::null_mut();
        }
        hr
    }
}

pub unsafe fn SafeArrayRedim(psa: *mut SAFEARRAY, new_bound: *const SAFEARRAYBOUND) -> HRESULT {
    if psa.is_null() || new_bound.is_null() {
        return E_INVALIDARG;
    }
    // SAFETY: a live descriptor; `new_bound` is readable. `rgsabound[0]` is the last
    // dimension, the slowest-varying one, so its cells are a prefix/suffix of the data.
    unsafe {
        if (*psa).fFeatures & FADF_FIXEDSIZE != 0 || (*psa).cLocks != 0 {
            return DISP_E_ARRAYISLOCKED;
        }
        let hr = SafeArrayLock(psa);
        if hr.is_err() {
            return hr;
        }
        let new = *new_bound;
        let last = &mut bounds_mut(psa)[0];
        last.lLbound = new.lLbound;
        let old_count = last.cElements;
        if new.cElements != old_count {
            let cells = cell_count(psa).unwrap_or(0);
            let per_slice = if old_count == 0 {
                0
            } else {
                cells / old_count as usize
            };
            if new.cElements < old_count {
                destroy_elements(psa, new.cElements as usize * per_slice);
            } else {
                let old_size = cells * (*psa).cbElements as usize;
                // With an empty last dimension the other dimensions give the slice size.
                let slice_size = if old_count == 0 {
                    bounds(psa)[1..]
                        .iter()
                        .try_fold((*psa).cbElements as usize, |n, b| {
                            n.checked_mul(b.cElements as usize)
                        })
                } else {
                    Some(per_slice * (*psa).cbElements as usize)
                };
                let Some(new_size) = slice_size
                    .and_then(|s| s.checked_mul(new.cElements as usize))
                    .filter(|&s| s <= u32::MAX as usize)
                else {
                    SafeArrayUnlock(psa);
                    return E_OUTOFMEMORY;
                };
                let data = malloc_zeroed(new_size);
                if data.is_null() {
                    SafeArrayUnlock(psa);
                    return E_OUTOFMEMORY;
                }
                if !(*psa).pvData.is_null() {
                    core::ptr::copy_nonoverlapping(
                        (*psa).pvData as *const u8,
                        data as *mut u8,
                        old_size,
                    );
                }
                if (*psa).fFeatures & FADF_CREATEVECTOR != 0 {
                    // The old data lives inside the descriptor block: keep it there.
                    (*psa).fFeatures &= !FADF_CREATEVECTOR;
                } else {
                    free((*psa).pvData);
                }
                (*psa).pvData = data;
            }
            bounds_mut(psa)[0].cElements = new.cElements;
        }
        SafeArrayUnlock(psa);
    }
    S_OK
}

// ---- VARIANT element handling: this module's own VariantClear/VariantCopy, so a
// VARIANT array and the BSTRs/arrays inside it stay with one implementation.

unsafe fn variant_clear(v: *mut VARIANT) -> HRESULT {
    // SAFETY: a live VARIANT owned by the array.
    unsafe { super::VariantClear(v) }
}

unsafe fn variant_copy(dst: *mut VARIANT, src: *const VARIANT) -> HRESULT {
    // SAFETY: two live VARIANTs; the destination is cleared first by VariantCopy.
    unsafe { super::VariantCopy(dst, src) }
}
