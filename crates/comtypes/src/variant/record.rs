//! IRecordInfo: what a `VT_RECORD` VARIANT carries beside the record's memory, so any
//! holder can copy, clear and describe a user-defined type it knows nothing about.
//!
//! What oleaut32 does with it (Wine's implementation, checked against ours under Wine by
//! tests/variant_record.rs):
//! - `VariantCopy` of a `VT_RECORD`: `GetSize`, a zeroed `CoTaskMemAlloc` block, `AddRef`,
//!   `RecordCopy(source, block)`. Not `RecordCreate`: the block must be one the info's
//!   `RecordDestroy` can free, so implementations allocate records with `CoTaskMemAlloc`.
//! - `VariantCopyInd` of a `VT_BYREF|VT_RECORD` (whose pointers are the record itself and
//!   its info): the same copy, tagged `VT_RECORD`.
//! - `VariantClear`: `RecordClear(record)` then `Release`; the record's memory is not freed.
//!   [`Variant`], which owns the records it holds, frees it: its drop calls
//!   `RecordDestroy(record)` then `Release`.

use crate::interfaces::ITypeInfo;
use crate::variant::{Variant, VARIANT, VT_RECORD};
use crate::{interface, Bstr, Error, Guid, IUnknown, Interface, Result, HRESULT};
use core::ffi::c_void;

/// Describes and manages records (user-defined types) of one type.
///
/// An implementation allocates the records of `RecordCreate` (and `RecordCreateCopy`)
/// with `CoTaskMemAlloc` and frees them in `RecordDestroy` with `CoTaskMemFree`: that is
/// how oleaut32's `VariantCopy` allocates the copies that [`Variant`] later destroys.
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

impl Variant {
    /// A `VT_RECORD` holding a copy of the record at `data`, made by
    /// `info.RecordCreateCopy`; the Variant keeps a reference to `info`. Clone copies the
    /// record (`VariantCopy`), drop destroys it (`RecordDestroy`) and releases `info`.
    ///
    /// The other route, for a record already made by `info.RecordCreate` whose ownership
    /// passes to the Variant: [`Variant::from_raw`] of a [`VARIANT`] tagged `VT_RECORD`
    /// whose `data.record` is `[record, info.into_raw()]`.
    ///
    /// # Safety
    /// `data` points at a valid record of the type `info` describes.
    ///
    /// ```
    /// use comtypes::variant::{IRecordInfo, IRecordInfo_Impl, VariantRef, VARIANT, VT_RECORD};
    /// use comtypes::{implement, Bstr, Guid, Result, Variant};
    /// use core::ffi::c_void;
    ///
    /// /// Records of one `i32`, which owns nothing: clearing is a no-op.
    /// #[implement(IRecordInfo)]
    /// struct Int32Info;
    /// impl IRecordInfo_Impl for Int32Info {
    ///     unsafe fn RecordInit(&self, _new: *mut c_void) -> Result<()> { Ok(()) }
    ///     unsafe fn RecordClear(&self, _existing: *mut c_void) -> Result<()> { Ok(()) }
    ///     unsafe fn RecordCopy(&self, existing: *mut c_void, new: *mut c_void) -> Result<()> {
    ///         // SAFETY: both are records of this type (4 bytes).
    ///         unsafe { *new.cast::<i32>() = *existing.cast::<i32>() };
    ///         Ok(())
    ///     }
    ///     fn GetGuid(&self) -> Result<Guid> { Ok(Guid::from_u128(1)) }
    ///     fn GetName(&self) -> Result<Bstr> { Ok(Bstr::from("Int32")) }
    ///     fn GetSize(&self) -> Result<u32> { Ok(4) }
    ///     fn GetTypeInfo(&self) -> Result<comtypes::interfaces::ITypeInfo> {
    ///         Err(comtypes::hresult::E_NOTIMPL.into())
    ///     }
    ///     # unsafe fn GetField(&self, _: *mut c_void, _: *const u16, _: *mut VARIANT) -> Result<()> { Err(comtypes::hresult::E_NOTIMPL.into()) }
    ///     # unsafe fn GetFieldNoCopy(&self, _: *mut c_void, _: *const u16, _: *mut VARIANT, _: *mut *mut c_void) -> Result<()> { Err(comtypes::hresult::E_NOTIMPL.into()) }
    ///     # unsafe fn PutField(&self, _: u32, _: *mut c_void, _: *const u16, _: *mut VARIANT) -> Result<()> { Err(comtypes::hresult::E_NOTIMPL.into()) }
    ///     # unsafe fn PutFieldNoCopy(&self, _: u32, _: *mut c_void, _: *const u16, _: *mut VARIANT) -> Result<()> { Err(comtypes::hresult::E_NOTIMPL.into()) }
    ///     # unsafe fn GetFieldNames(&self, _: *mut u32, _: *mut Bstr) -> Result<()> { Err(comtypes::hresult::E_NOTIMPL.into()) }
    ///     # unsafe fn IsMatchingType(&self, _: *mut c_void) -> i32 { 0 }
    ///     fn RecordCreate(&self) -> *mut c_void {
    ///         let Ok(malloc) = comtypes::get_malloc() else { return core::ptr::null_mut() };
    ///         let new = malloc.Alloc(4);
    ///         if !new.is_null() {
    ///             // SAFETY: a fresh 4-byte block.
    ///             unsafe { *new.cast::<i32>() = 0 };
    ///         }
    ///         new
    ///     }
    ///     unsafe fn RecordCreateCopy(&self, source: *mut c_void, dest: *mut *mut c_void) -> Result<()> {
    ///         let new = self.RecordCreate();
    ///         if new.is_null() {
    ///             return Err(comtypes::hresult::E_OUTOFMEMORY.into());
    ///         }
    ///         // SAFETY: `source` is a record, `new` a fresh one, `dest` writable.
    ///         unsafe { self.RecordCopy(source, new)?; *dest = new };
    ///         Ok(())
    ///     }
    ///     unsafe fn RecordDestroy(&self, record: *mut c_void) -> Result<()> {
    ///         // SAFETY: a block of CoTaskMemAlloc (RecordCreate or VariantCopy).
    ///         unsafe { comtypes::get_malloc()?.Free(record) };
    ///         Ok(())
    ///     }
    /// }
    ///
    /// let info: IRecordInfo = Int32Info.into();
    /// let mut value = 42i32;
    /// // SAFETY: `value` is a record of Int32Info's type.
    /// let v = unsafe { Variant::from_record(&info, (&mut value as *mut i32).cast())? };
    /// let copy = v.clone(); // VariantCopy: GetSize, allocate, RecordCopy
    /// let VariantRef::Record(r) = copy.get() else { panic!("not a record") };
    /// // SAFETY: the record is an i32, alive while `copy` is.
    /// assert_eq!(unsafe { *r.data().cast::<i32>() }, 42);
    /// assert_eq!(copy.vt(), VT_RECORD);
    /// # Ok::<(), comtypes::Error>(())
    /// ```
    pub unsafe fn from_record(info: &IRecordInfo, data: *const c_void) -> Result<Variant> {
        let mut copy = core::ptr::null_mut();
        // SAFETY: `data` is a record of `info`'s type (the caller's promise); `copy` is a
        // writable slot that receives a record of `info`'s own allocation.
        unsafe { info.RecordCreateCopy(data.cast_mut(), &mut copy) }
            .map_err(|e| Error::new(e.code(), "IRecordInfo::RecordCreateCopy failed"))?;
        if copy.is_null() {
            return Err(Error::new(
                crate::hresult::E_POINTER,
                "IRecordInfo::RecordCreateCopy returned no record",
            ));
        }
        let raw = VARIANT {
            vt: VT_RECORD,
            data: crate::variant::VARIANT_0 {
                record: [copy, info.clone().into_raw()],
            },
            ..VARIANT::default()
        };
        // SAFETY: a VT_RECORD whose record and reference are owned by nobody else.
        Ok(unsafe { Variant::from_raw(raw) })
    }
}

/// Frees a `VT_RECORD`'s contents the way its owner must: `RecordDestroy` of the record
/// (its fields and its memory), then `Release` of the info; leaves the VARIANT VT_EMPTY.
///
/// # Safety
/// `raw` is a `VT_RECORD` whose record (allocated by the info's `RecordCreate` or by
/// `VariantCopy`) and info reference it owns.
pub(crate) unsafe fn destroy_record(raw: &mut VARIANT) {
    // SAFETY: the caller's contract: both pointers are owned by `raw`.
    unsafe {
        let [data, info] = raw.data.record;
        if let Some(info) = IRecordInfo::from_raw_opt(info) {
            if !data.is_null() {
                let _ = info.RecordDestroy(data);
            }
        }
    }
    raw.vt = crate::variant::VT_EMPTY;
}
