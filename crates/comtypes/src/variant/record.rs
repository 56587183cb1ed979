//! IRecordInfo: what a `VT_RECORD` VARIANT carries beside the record's memory, so any
//! holder can copy, clear and describe a user-defined type it knows nothing about.

use crate::interfaces::ITypeInfo;
use crate::{interface, Bstr, Guid, IUnknown, HRESULT};
use core::ffi::c_void;

/// Describes and manages records (user-defined types) of one type.
#[interface("0000002F-0000-0000-C000-000000000046")]
pub unsafe trait IRecordInfo: IUnknown {
    /// Initialises a new record's memory.
    fn RecordInit(&self, new: *mut c_void) -> HRESULT;
    /// Frees what a record's fields own (not the record's memory).
    fn RecordClear(&self, existing: *mut c_void) -> HRESULT;
    /// Deep-copies `existing` into `new` (initialised memory of the record's size).
    fn RecordCopy(&self, existing: *mut c_void, new: *mut c_void) -> HRESULT;
    /// The record type's GUID.
    fn GetGuid(&self, #[out] guid: *mut Guid) -> HRESULT;
    /// The record type's name.
    fn GetName(&self, #[out] name: *mut Bstr) -> HRESULT;
    /// The size of a record in bytes.
    fn GetSize(&self, #[out] size: *mut u32) -> HRESULT;
    /// The record type's type information.
    fn GetTypeInfo(&self, #[out] info: *mut Option<ITypeInfo>) -> HRESULT;
    /// A copy of a field's value.
    fn GetField(
        &self,
        data: *mut c_void,
        name: *const u16,
        field: *mut crate::variant::VARIANT,
    ) -> HRESULT;
    /// A field's value by reference (no copy).
    fn GetFieldNoCopy(
        &self,
        data: *mut c_void,
        name: *const u16,
        field: *mut crate::variant::VARIANT,
        data_in_field: *mut *mut c_void,
    ) -> HRESULT;
    /// Stores a copy of a value in a field.
    fn PutField(
        &self,
        flags: u32,
        data: *mut c_void,
        name: *const u16,
        field: *mut crate::variant::VARIANT,
    ) -> HRESULT;
    /// Stores a value in a field, taking ownership.
    fn PutFieldNoCopy(
        &self,
        flags: u32,
        data: *mut c_void,
        name: *const u16,
        field: *mut crate::variant::VARIANT,
    ) -> HRESULT;
    /// The field names.
    fn GetFieldNames(&self, count: *mut u32, names: *mut Bstr) -> HRESULT;
    /// Nonzero when `other` describes the same record type.
    fn IsMatchingType(&self, other: *mut c_void) -> i32;
    /// Allocates and initialises a new record.
    fn RecordCreate(&self) -> *mut c_void;
    /// Allocates a copy of a record.
    fn RecordCreateCopy(&self, source: *mut c_void, dest: *mut *mut c_void) -> HRESULT;
    /// Clears and frees a record made by RecordCreate.
    fn RecordDestroy(&self, record: *mut c_void) -> HRESULT;
}
