//! `VariantRef`: a borrowed, typed view of a VARIANT to `match` on.

use super::*;
use crate::{Bstr, Currency, Date, Decimal, IDispatch, IUnknown, Interface, HRESULT};

/// A typed view of a [`Variant`]'s value, one arm per automation type.
///
/// ```
/// use comtypes::{variant::VariantRef, Variant};
/// fn describe(v: &Variant) -> String {
///     match v.get() {
///         VariantRef::Empty => "nothing".into(),
///         VariantRef::I4(n) => format!("the number {n}"),
///         VariantRef::Bstr(s) => format!("the text {s}"),
///         VariantRef::Bool(b) => format!("the truth value {b}"),
///         other => format!("{other:?}"),
///     }
/// }
/// assert_eq!(describe(&Variant::from(5)), "the number 5");
/// assert_eq!(describe(&Variant::from("hi")), "the text hi");
/// assert_eq!(describe(&Variant::from(true)), "the truth value true");
/// assert_eq!(describe(&Variant::empty()), "nothing");
/// ```
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum VariantRef<'a> {
    /// `VT_EMPTY`.
    Empty,
    /// `VT_NULL`.
    Null,
    /// `VT_I1`.
    I1(i8),
    /// `VT_I2`.
    I2(i16),
    /// `VT_I4`.
    I4(i32),
    /// `VT_I8`.
    I8(i64),
    /// `VT_UI1`.
    UI1(u8),
    /// `VT_UI2`.
    UI2(u16),
    /// `VT_UI4`.
    UI4(u32),
    /// `VT_UI8`.
    UI8(u64),
    /// `VT_INT`.
    Int(i32),
    /// `VT_UINT`.
    UInt(u32),
    /// `VT_R4`.
    R4(f32),
    /// `VT_R8`.
    R8(f64),
    /// `VT_CY`.
    Cy(Currency),
    /// `VT_DATE`.
    Date(Date),
    /// `VT_BSTR`.
    Bstr(&'a Bstr),
    /// `VT_DISPATCH` (`None` for a null pointer).
    Dispatch(Option<&'a IDispatch>),
    /// `VT_UNKNOWN` (`None` for a null pointer).
    Unknown(Option<&'a IUnknown>),
    /// `VT_ERROR`: an SCODE ([`DISP_E_PARAMNOTFOUND`](crate::hresult::DISP_E_PARAMNOTFOUND)
    /// for a missing argument).
    Error(HRESULT),
    /// `VT_BOOL` (any nonzero VARIANT_BOOL reads as true).
    Bool(bool),
    /// `VT_DECIMAL`.
    Decimal(Decimal),
    /// `VT_RECORD`.
    Record(RecordRef<'a>),
    /// `VT_ARRAY | element type`.
    Array(ArrayRef<'a>),
    /// `VT_BYREF | type`: read and write through it with [`ByRef`].
    ByRef(ByRef<'a>),
    /// A type with no arm of its own (its 8 value bytes).
    Other(u64),
}

/// The record of a `VT_RECORD` VARIANT: its memory and its IRecordInfo.
#[derive(Debug, Clone, Copy)]
pub struct RecordRef<'a> {
    data: *mut core::ffi::c_void,
    info: Option<&'a IRecordInfo>,
}

impl<'a> RecordRef<'a> {
    /// The record's memory.
    pub fn data(&self) -> *mut core::ffi::c_void {
        self.data
    }
    /// The IRecordInfo that describes it.
    pub fn info(&self) -> Option<&'a IRecordInfo> {
        self.info
    }
}

/// The SAFEARRAY of a `VT_ARRAY` VARIANT.
#[derive(Debug, Clone, Copy)]
pub struct ArrayRef<'a> {
    element: u16,
    array: *mut core::ffi::c_void,
    _borrow: core::marker::PhantomData<&'a Variant>,
}

impl ArrayRef<'_> {
    /// The element VARTYPE (without `VT_ARRAY`).
    pub fn element_vt(&self) -> u16 {
        self.element
    }
    /// The `SAFEARRAY*` (may be null), still owned by the variant.
    pub fn as_ptr(&self) -> *mut core::ffi::c_void {
        self.array
    }
}

impl Variant {
    /// The typed view of the value.
    pub fn get(&self) -> VariantRef<'_> {
        let raw = &self.0;
        let vt = raw.vt;
        let d = &raw.data;
        // SAFETY: each arm reads the union member that the tag says is live; pointers
        // of a valid VARIANT are live for as long as it is borrowed.
        unsafe {
            if vt & VT_BYREF != 0 {
                return VariantRef::ByRef(ByRef::new(vt & !VT_BYREF, d.ptr));
            }
            if vt & VT_ARRAY != 0 {
                return VariantRef::Array(ArrayRef {
                    element: vt & !VT_ARRAY,
                    array: d.ptr,
                    _borrow: core::marker::PhantomData,
                });
            }
            match vt {
                VT_EMPTY => VariantRef::Empty,
                VT_NULL => VariantRef::Null,
                VT_I1 => VariantRef::I1(d.cVal),
                VT_I2 => VariantRef::I2(d.iVal),
                VT_I4 => VariantRef::I4(d.lVal),
                VT_I8 => VariantRef::I8(d.llVal),
                VT_UI1 => VariantRef::UI1(d.bVal),
                VT_UI2 => VariantRef::UI2(d.uiVal),
                VT_UI4 => VariantRef::UI4(d.ulVal),
                VT_UI8 => VariantRef::UI8(d.ullVal),
                VT_INT => VariantRef::Int(d.lVal),
                VT_UINT => VariantRef::UInt(d.ulVal),
                VT_R4 => VariantRef::R4(d.fltVal),
                VT_R8 => VariantRef::R8(d.dblVal),
                VT_CY => VariantRef::Cy(Currency::from_raw(d.cyVal)),
                VT_DATE => VariantRef::Date(Date::from_ole(d.dblVal)),
                VT_BSTR => VariantRef::Bstr(&*(&d.bstrVal as *const *mut u16 as *const Bstr)),
                VT_DISPATCH => VariantRef::Dispatch(IDispatch::from_raw_borrowed(&d.ptr)),
                VT_UNKNOWN => VariantRef::Unknown(IUnknown::from_raw_borrowed(&d.ptr)),
                VT_ERROR => VariantRef::Error(HRESULT(d.scode)),
                VT_BOOL => VariantRef::Bool(d.boolVal != 0),
                VT_DECIMAL => VariantRef::Decimal(Decimal::from(raw.decimal())),
                VT_RECORD => VariantRef::Record(RecordRef {
                    data: d.record[0],
                    info: IRecordInfo::from_raw_borrowed(
                        &*(&d.record[1] as *const *mut core::ffi::c_void),
                    ),
                }),
                _ => VariantRef::Other(d.ullVal),
            }
        }
    }
}
