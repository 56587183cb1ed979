//! oleaut32's functions written in Rust: BSTR, VARIANT and SAFEARRAY. Compiled on every
//! OS: elsewhere they are the platform layer's implementation, and on Windows the
//! differential tests run them beside the system's own on the same inputs.
#![allow(non_snake_case, missing_docs, clippy::missing_safety_doc)]

mod bstr;
mod coerce;
mod safearray;
mod variant;

pub use bstr::{
    SysAllocString, SysAllocStringByteLen, SysAllocStringLen, SysFreeString, SysReAllocString,
    SysReAllocStringLen, SysStringByteLen, SysStringLen,
};
pub use safearray::{
    SafeArrayAccessData, SafeArrayAllocData, SafeArrayAllocDescriptor, SafeArrayAllocDescriptorEx,
    SafeArrayCopy, SafeArrayCopyData, SafeArrayCreate, SafeArrayCreateVector, SafeArrayDestroy,
    SafeArrayDestroyData, SafeArrayDestroyDescriptor, SafeArrayGetDim, SafeArrayGetElement,
    SafeArrayGetElemsize, SafeArrayGetIID, SafeArrayGetLBound, SafeArrayGetUBound,
    SafeArrayGetVartype, SafeArrayLock, SafeArrayPtrOfIndex, SafeArrayPutElement, SafeArrayRedim,
    SafeArraySetIID, SafeArrayUnaccessData, SafeArrayUnlock,
};
pub use variant::{
    VariantChangeType, VariantChangeTypeEx, VariantClear, VariantCopy, VariantCopyInd, VariantInit,
};
