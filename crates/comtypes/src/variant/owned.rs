//! `Variant`: the owned VARIANT. Clone is VariantCopy, Drop is VariantClear (a record is
//! destroyed: see `record`).

use super::*;
use crate::hresult::DISP_E_PARAMNOTFOUND;
use crate::{sys, Error, Result, HRESULT};
use core::fmt;

/// An owned automation value: a [`VARIANT`] whose contents (BSTR, interface pointer,
/// SAFEARRAY, record) it frees on drop with `VariantClear` and duplicates on clone with
/// `VariantCopy` (a deep copy of strings, arrays and records; AddRef of interfaces;
/// the same pointer for `VT_BYREF`). A `VT_RECORD` owns its record's memory too (which
/// `VariantClear` leaves alone): drop destroys it with the info's `RecordDestroy`, so
/// it must come from `RecordCreate` or `VariantCopy` ([`Variant::from_record`]).
///
/// Build one with `From` (integers, floats, bool, strings, [`Bstr`](crate::Bstr),
/// [`Currency`](crate::Currency), [`Decimal`](crate::Decimal), [`Date`](crate::Date),
/// interface pointers) and read it back with `TryFrom<&Variant>`, which coerces like
/// `VariantChangeType` ("42" → 42, 2.5 → 2). [`get`](Variant::get) gives a view to
/// `match` on.
///
/// ```
/// use comtypes::{variant::VariantRef, Variant};
/// let v = Variant::from("2.5");
/// assert_eq!(f64::try_from(&v).unwrap(), 2.5);
/// assert_eq!(i32::try_from(&v).unwrap(), 2); // banker's rounding
/// let copy = v.clone();
/// assert!(matches!(copy.get(), VariantRef::Bstr(b) if *b == "2.5"));
/// assert_eq!(format!("{:?}", Variant::from(7u8)), "VT_UI1(7)");
/// ```
#[repr(transparent)]
pub struct Variant(pub(crate) VARIANT);

// Same layout as the ABI VARIANT: a `&mut Variant` may be passed as `VARIANT*`.
const _: () = assert!(core::mem::size_of::<Variant>() == core::mem::size_of::<VARIANT>());

impl Variant {
    /// `VT_EMPTY`.
    pub const fn empty() -> Variant {
        Variant(VARIANT {
            vt: VT_EMPTY,
            wReserved1: 0,
            wReserved2: 0,
            wReserved3: 0,
            data: VARIANT_0 { llVal: 0 },
        })
    }

    /// `VT_NULL`, SQL's unknown value.
    pub const fn null() -> Variant {
        Variant::scalar(VT_NULL, 0)
    }

    /// `VT_ERROR` holding `DISP_E_PARAMNOTFOUND`: an omitted optional argument.
    ///
    /// ```
    /// let v = comtypes::Variant::missing();
    /// assert!(v.is_missing());
    /// assert_eq!(format!("{v:?}"), "VT_ERROR(0x80020004 DISP_E_PARAMNOTFOUND)");
    /// ```
    pub const fn missing() -> Variant {
        Variant::error(DISP_E_PARAMNOTFOUND)
    }

    /// `VT_ERROR` holding `code` (an SCODE).
    pub const fn error(code: HRESULT) -> Variant {
        Variant::scalar(VT_ERROR, code.0 as u32 as u64)
    }

    /// A scalar of type `vt` whose 8 value bytes are `bits` (little-endian order: the low
    /// bytes are the narrow types' values).
    const fn scalar(vt: u16, bits: u64) -> Variant {
        Variant(VARIANT {
            vt,
            wReserved1: 0,
            wReserved2: 0,
            wReserved3: 0,
            data: VARIANT_0 { ullVal: bits },
        })
    }

    /// The VARTYPE (`VT_*`, with the `VT_ARRAY` / `VT_BYREF` flags).
    pub fn vt(&self) -> u16 {
        self.0.vt
    }

    /// True for `VT_EMPTY`.
    pub fn is_empty(&self) -> bool {
        self.0.vt == VT_EMPTY
    }

    /// True for `VT_NULL`.
    pub fn is_null(&self) -> bool {
        self.0.vt == VT_NULL
    }

    /// True for the missing-argument marker (`VT_ERROR` with `DISP_E_PARAMNOTFOUND`).
    pub fn is_missing(&self) -> bool {
        // SAFETY: VT_ERROR's value is the scode.
        self.0.vt == VT_ERROR && unsafe { self.0.data.scode } == DISP_E_PARAMNOTFOUND.0
    }

    /// The raw VARIANT, still owned by `self`.
    pub fn as_raw(&self) -> &VARIANT {
        &self.0
    }

    /// The raw VARIANT, to pass as an `[in, out]` or `[out]` `VARIANT*`.
    ///
    /// # Safety
    /// Whatever is written must be a valid VARIANT that `self` may own (freed on drop).
    pub unsafe fn as_raw_mut(&mut self) -> &mut VARIANT {
        &mut self.0
    }

    /// The raw VARIANT; the caller now owns its contents (free with VariantClear).
    pub fn into_raw(self) -> VARIANT {
        let raw = self.0;
        core::mem::forget(self);
        raw
    }

    /// Takes ownership of a raw VARIANT.
    ///
    /// # Safety
    /// `raw` must be a valid VARIANT whose contents nobody else frees.
    pub unsafe fn from_raw(raw: VARIANT) -> Variant {
        Variant(raw)
    }

    /// Borrows a raw VARIANT as a `Variant` (no copy, nothing freed).
    ///
    /// # Safety
    /// `raw` must be a valid VARIANT for the borrow's lifetime.
    pub unsafe fn from_raw_ref(raw: &VARIANT) -> &Variant {
        // SAFETY: Variant is a transparent VARIANT.
        unsafe { &*(raw as *const VARIANT as *const Variant) }
    }

    /// The `VariantCopy` of `self`, or its failure (out of memory, a record that would
    /// not copy, an invalid type).
    pub fn try_clone(&self) -> Result<Variant> {
        let mut copy = Variant::empty();
        // SAFETY: both are valid VARIANTs; `copy` is empty, so nothing is leaked.
        let hr = unsafe { sys::VariantCopy(&mut copy.0, &self.0) };
        if hr.is_err() {
            forget_unowned_record(&mut copy, &self.0);
            return Err(Error::new(
                hr,
                format!("VariantCopy of a {} failed", vt_name(self.vt())),
            ));
        }
        Ok(copy)
    }

    /// Coerces to type `vt` (`VariantChangeTypeEx` in the invariant locale, no flags).
    ///
    /// ```
    /// use comtypes::{variant::VT_BSTR, Variant};
    /// let s = Variant::from(2.5f64).change_type(VT_BSTR).unwrap();
    /// assert_eq!(String::try_from(&s).unwrap(), "2.5");
    /// let e = Variant::from("x").change_type(comtypes::variant::VT_I4).unwrap_err();
    /// assert_eq!(e.code(), comtypes::hresult::DISP_E_TYPEMISMATCH);
    /// ```
    pub fn change_type(&self, vt: u16) -> Result<Variant> {
        self.change_type_ex(vt, LOCALE_INVARIANT, 0)
    }

    /// Coerces to type `vt` with `VariantChangeTypeEx`, in locale `lcid`, with
    /// `VARIANT_*` flags (such as [`VARIANT_ALPHABOOL`]).
    pub fn change_type_ex(&self, vt: u16, lcid: u32, flags: u16) -> Result<Variant> {
        let mut out = Variant::empty();
        // SAFETY: both are valid VARIANTs; `out` is empty.
        let hr = unsafe { sys::VariantChangeTypeEx(&mut out.0, &self.0, lcid, flags, vt) };
        if hr.is_err() {
            return Err(coercion_error(hr, self, vt));
        }
        Ok(out)
    }

    /// The value a `VT_BYREF` variant points at, copied (`VariantCopyInd`); a copy of
    /// `self` for by-value variants.
    pub fn deref_value(&self) -> Result<Variant> {
        let mut out = Variant::empty();
        // SAFETY: both are valid VARIANTs; `out` is empty.
        let hr = unsafe { sys::VariantCopyInd(&mut out.0, &self.0) };
        if hr.is_err() {
            forget_unowned_record(&mut out, &self.0);
            return Err(Error::new(
                hr,
                format!("VariantCopyInd of a {} failed", vt_name(self.vt())),
            ));
        }
        Ok(out)
    }
}

/// After a failed copy of a record: oleaut32 may leave `copy` tagged VT_RECORD without a
/// record or a reference of its own (a shallow copy of `source`, or a null record);
/// such a `copy` is emptied without being cleared. A copy that failed in `RecordCopy`
/// owns its block and reference, and its drop frees them.
fn forget_unowned_record(copy: &mut Variant, source: &VARIANT) {
    if copy.0.vt != VT_RECORD {
        return;
    }
    // SAFETY: VT_RECORD's value is the record and info pointers.
    let [data, _] = unsafe { copy.0.data.record };
    // SAFETY: as above, for the source of a VT_RECORD or VT_BYREF|VT_RECORD copy.
    let [source_data, _] = unsafe { source.data.record };
    if data.is_null() || data == source_data {
        copy.0.vt = VT_EMPTY;
    }
}

/// The error of a failed coercion: the HRESULT with a message naming both types.
pub(crate) fn coercion_error(hr: HRESULT, from: &Variant, vt: u16) -> Error {
    Error::new(hr, format!("cannot convert {from:?} to {}", vt_name(vt)))
}

impl Default for Variant {
    fn default() -> Self {
        Variant::empty()
    }
}

impl Drop for Variant {
    /// Inlined down to the type check: numbers own nothing and cost no call.
    #[inline]
    fn drop(&mut self) {
        // The types below VT_UINT that own nothing, as one bit each: a shift and a test.
        const OWNS_NOTHING: u32 = ((1u32 << (VT_UINT + 1)) - 1)
            & !(1 << VT_BSTR)
            & !(1 << VT_DISPATCH)
            & !(1 << VT_UNKNOWN);
        let vt = self.0.vt as u32;
        if vt <= VT_UINT as u32 && OWNS_NOTHING & (1 << vt) != 0 {
            return; // nothing owned: skip the call
        }
        #[inline(never)]
        fn clear(raw: &mut VARIANT) {
            if raw.vt == VT_RECORD {
                // SAFETY: a VT_RECORD we own, record memory included (see `record`).
                unsafe { super::record::destroy_record(raw) };
                return;
            }
            // SAFETY: a valid VARIANT we own.
            unsafe { sys::VariantClear(raw) };
        }
        clear(&mut self.0);
    }
}

impl Clone for Variant {
    /// `VariantCopy`. Its only failures are out of memory and a record whose
    /// IRecordInfo refuses to copy; then the clone is `VT_ERROR` holding that HRESULT
    /// (use [`try_clone`](Variant::try_clone) to see the failure as an `Err`).
    fn clone(&self) -> Variant {
        if self.0.vt <= VT_UINT
            && !matches!(self.0.vt, VT_BSTR | VT_DISPATCH | VT_UNKNOWN | VT_DECIMAL)
        {
            return Variant(self.0);
        }
        self.try_clone()
            .unwrap_or_else(|e| Variant::error(e.code()))
    }
}

impl fmt::Debug for Variant {
    /// The type and the value: `VT_I4(42)`, `VT_BSTR("text")`, `VT_EMPTY`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use super::VariantRef as V;
        let name = vt_name(self.vt());
        match self.get() {
            V::Empty | V::Null => f.write_str(&name),
            V::I1(v) => write!(f, "{name}({v})"),
            V::I2(v) => write!(f, "{name}({v})"),
            V::I4(v) | V::Int(v) => write!(f, "{name}({v})"),
            V::I8(v) => write!(f, "{name}({v})"),
            V::UI1(v) => write!(f, "{name}({v})"),
            V::UI2(v) => write!(f, "{name}({v})"),
            V::UI4(v) | V::UInt(v) => write!(f, "{name}({v})"),
            V::UI8(v) => write!(f, "{name}({v})"),
            V::R4(v) => write!(f, "{name}({v:?})"),
            V::R8(v) => write!(f, "{name}({v:?})"),
            V::Cy(v) => write!(f, "{name}({v})"),
            V::Date(v) => write!(f, "{name}({v})"),
            V::Decimal(v) => write!(f, "{name}({v})"),
            V::Bool(v) => write!(f, "{name}({v})"),
            V::Error(v) => match v.name() {
                Some(code) => write!(f, "{name}({:#010x} {code})", v.0 as u32),
                None => write!(f, "{name}({:#010x})", v.0 as u32),
            },
            V::Bstr(v) => write!(f, "{name}({v:?})"),
            V::Dispatch(v) => write!(f, "{name}({:?})", v.map(crate::Interface::as_raw)),
            V::Unknown(v) => write!(f, "{name}({:?})", v.map(crate::Interface::as_raw)),
            V::Record(r) => write!(f, "{name}({:?})", r.data()),
            V::Array(a) => write!(f, "{name}({:?})", a.as_ptr()),
            V::ByRef(r) => match r.read() {
                Ok(v) => write!(f, "{name}(-> {v:?})"),
                Err(_) => write!(f, "{name}({:?})", r.as_ptr()),
            },
            V::Other(bits) => write!(f, "{name}({bits:#x})"),
        }
    }
}
