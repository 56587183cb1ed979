//! The built-in COM runtime for every OS but Windows: the same functions as ole32 and
//! oleaut32, written in Rust, one file per concern.

mod active_objects;
mod apartment;
mod class_table;
mod error_info;
mod random;
mod task_memory;

pub(crate) use active_objects::{GetActiveObject, RegisterActiveObject, RevokeActiveObject};
pub(crate) use apartment::{CoInitializeEx, CoUninitialize};
pub(crate) use class_table::{
    CLSIDFromProgID, CoCreateInstance, CoGetClassObject, CoRegisterClassObject, CoRevokeClassObject,
};
pub(crate) use error_info::{CreateErrorInfo, GetErrorInfo, SetErrorInfo};
pub(crate) use random::CoCreateGuid;
pub(crate) use task_memory::{CoGetMalloc, CoTaskMemAlloc, CoTaskMemFree};

/// A raw interface pointer kept in a process-wide table. The tables only hand the
/// pointer back through AddRef/QueryInterface, on whichever thread asks, as ole32 does
/// for objects registered in the multithreaded apartment.
struct SharedPtr(*mut core::ffi::c_void);
// SAFETY: see above; the table never dereferences the pointer itself.
unsafe impl Send for SharedPtr {}
