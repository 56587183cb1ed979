//! Feature `serde`: deserialize a [`Variant`] into Rust types. The mapping is
//! documented on [`VariantDeserializer`].

use super::{
    vt_name, Variant, VariantRef, VT_ARRAY, VT_BOOL, VT_BSTR, VT_CY, VT_DATE, VT_DECIMAL,
    VT_DISPATCH, VT_ERROR, VT_I1, VT_I2, VT_I4, VT_I8, VT_INT, VT_R4, VT_R8, VT_TYPEMASK, VT_UI1,
    VT_UI2, VT_UI4, VT_UI8, VT_UINT, VT_UNKNOWN, VT_VARIANT,
};
use crate::decimal::DECIMAL;
use crate::hresult::{DISP_E_OVERFLOW, DISP_E_PARAMNOTFOUND, DISP_E_TYPEMISMATCH};
use crate::safearray::SafeArrayElement;
use crate::{Bstr, Currency, Date, Decimal, Error, IDispatch, IUnknown, HRESULT};
use ::serde::de::{
    self, DeserializeOwned, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Unexpected,
    Visitor,
};
use std::borrow::Cow;
use std::fmt;

/// How deep arrays may nest (VARIANT arrays in VARIANT arrays, and dimensions) before
/// deserialization gives up: the stack is finite.
const MAX_DEPTH: usize = 128;

/// A failed deserialization: the HRESULT, where in the value it happened and why.
///
/// Converts into [`Error`] (the description is the `Display` text).
///
/// ```
/// use comtypes::variant::VariantDeserializer;
/// use comtypes::Variant;
/// use serde::Deserialize;
/// let v = Variant::from(vec![1i32, 300]);
/// let e = Vec::<u8>::deserialize(VariantDeserializer::new(&v)).unwrap_err();
/// assert_eq!(e.code(), comtypes::hresult::DISP_E_OVERFLOW);
/// assert_eq!(e.path(), "[1]");
/// assert_eq!(e.to_string(), "[1]: expected an integer (u8), found VT_I4(300) (out of range)");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeserializeError {
    code: HRESULT,
    path: String,
    message: String,
}

impl DeserializeError {
    fn new(code: HRESULT, message: impl Into<String>) -> Self {
        DeserializeError {
            code,
            path: String::new(),
            message: message.into(),
        }
    }

    fn mismatch(message: impl Into<String>) -> Self {
        Self::new(DISP_E_TYPEMISMATCH, message)
    }

    /// The HRESULT: `DISP_E_TYPEMISMATCH`, `DISP_E_OVERFLOW`, or the failure of a call
    /// made on the way (reading through a `VT_BYREF`, locking an array).
    pub fn code(&self) -> HRESULT {
        self.code
    }

    /// Where the error happened, outermost first: `[2].name`, `[0][1]`, `rows[3]`; empty
    /// for the value itself. `[i]` is an array index (counted from 0 whatever the
    /// lower bound), `.name` a struct field, `.key` a map entry with a string key.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What went wrong, without the path.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The error one level further out: `segment` goes before the path.
    fn at(mut self, segment: Segment<'_>) -> Self {
        let rest = core::mem::take(&mut self.path);
        let separator = if rest.is_empty() || rest.starts_with('[') {
            ""
        } else {
            "."
        };
        self.path = match segment {
            Segment::Index(i) => format!("[{i}]{separator}{rest}"),
            Segment::Name(name) => format!("{name}{separator}{rest}"),
        };
        self
    }
}

/// One step of an error's path.
enum Segment<'a> {
    Index(usize),
    Name(&'a str),
}

impl fmt::Display for DeserializeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for DeserializeError {}

impl de::Error for DeserializeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Self::mismatch(msg.to_string())
    }

    /// A number the target refuses is out of its range: `DISP_E_OVERFLOW`.
    fn invalid_value(unexpected: Unexpected<'_>, expected: &dyn de::Expected) -> Self {
        let code = match unexpected {
            Unexpected::Signed(_) | Unexpected::Unsigned(_) | Unexpected::Float(_) => {
                DISP_E_OVERFLOW
            }
            _ => DISP_E_TYPEMISMATCH,
        };
        Self::new(
            code,
            format!("invalid value: {unexpected}, expected {expected}"),
        )
    }
}

impl From<DeserializeError> for Error {
    fn from(e: DeserializeError) -> Error {
        Error::new(e.code, e.to_string())
    }
}

impl Variant {
    /// Deserializes the value into `T` (feature `serde`; see
    /// [`VariantDeserializer`] for the mapping).
    ///
    /// ```
    /// use comtypes::Variant;
    /// let grid = Variant::from(vec![vec![1.0, 2.0, 3.0], vec![4.0, 5.0, 6.0]]);
    /// let rows: Vec<Vec<f64>> = grid.deserialize_into()?;
    /// assert_eq!(rows, [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]);
    /// assert_eq!(Variant::from("42").deserialize_into::<i32>()?, 42);
    /// assert_eq!(Variant::null().deserialize_into::<Option<i32>>()?, None);
    /// let e = Variant::from("x").deserialize_into::<i32>().unwrap_err();
    /// assert_eq!(e.code(), comtypes::hresult::DISP_E_TYPEMISMATCH);
    /// # Ok::<(), comtypes::Error>(())
    /// ```
    pub fn deserialize_into<T: DeserializeOwned>(&self) -> crate::Result<T> {
        Ok(T::deserialize(VariantDeserializer::new(self))?)
    }
}

/// A `serde::Deserializer` reading a borrowed [`Variant`] (feature `serde`):
/// scalars, SAFEARRAYs of any number of dimensions, VARIANT arrays nested in VARIANT
/// arrays, values behind `VT_BYREF`.
///
/// [`Variant::deserialize_into`] is the short way; use this type directly for
/// `T::deserialize(VariantDeserializer::new(&v))` or in `#[serde(deserialize_with)]`
/// code. Nothing is borrowed from the VARIANT (its strings are UTF-16), so the targets
/// are `DeserializeOwned`. `deserialize_any` follows the VARTYPE; a target that asks
/// for a type (`deserialize_i32`, `deserialize_str`, ...) gets the value coerced with
/// the automation rules, like `TryFrom<&Variant>`.
///
/// | VARIANT | `deserialize_any` gives | when the target asks for a type |
/// | --- | --- | --- |
/// | `VT_EMPTY`, `VT_NULL` | unit | `Option<T>`: `None`; numbers, bool, strings coerce as `VariantChangeType` does (`VT_EMPTY` is 0, false, ""; `VT_NULL` is a type mismatch) |
/// | `VT_I1` ... `VT_UI8`, `VT_INT`, `VT_UINT`, `VT_R4`, `VT_R8` | that number | any number, bool, string or char: coerced with the automation rules (`TryFrom<&Variant>`: `"42"` → 42, 2.5 → 2, 300 into `u8` is `DISP_E_OVERFLOW`) |
/// | `VT_BSTR` | string | numbers and bool parse from it (invariant locale); a unit enum variant by name |
/// | `VT_BOOL` | bool | numbers: -1 and 0, as automation says |
/// | `VT_CY`, `VT_DECIMAL` | f64 | `String`: the exact decimal text (`Display`) |
/// | `VT_DATE` | f64, the OLE date (days since 1899-12-30) | `String`: `YYYY-MM-DD HH:MM:SS` |
/// | `VT_ERROR` | i32, the SCODE | numbers: the SCODE (`u32`: its bits, `0x80004005`); `Option<T>`: `None` for the missing-argument marker (`DISP_E_PARAMNOTFOUND`) |
/// | `VT_DISPATCH`, `VT_UNKNOWN` | unit when null; an error otherwise: an object has no value to deserialize (call it through [`Dispatch`](crate::Dispatch)) | `Option<T>`: `None` when null |
/// | `VT_RECORD` | an error (not supported) | the same |
/// | `VT_BYREF \| type` | the value it points at | the same |
/// | `VT_ARRAY \| type`, 1-D | a sequence | `Vec<T>`, tuples, arrays, structs (fields in order); `VT_UI1` arrays give bytes to `deserialize_bytes` |
/// | `VT_ARRAY \| type`, N-D | nested sequences, **first index outermost** | `Vec<Vec<T>>`: `v[i][j]` is the element at `[i, j]`; an `n × 2` array also reads as a map or a struct (column 0 the keys, column 1 the values) |
///
/// Elements of `VT_ARRAY | VT_VARIANT` arrays are deserialized like any VARIANT, so a
/// VARIANT array of VARIANT arrays is a sequence of sequences, and elements of different
/// types coerce one by one (`[1, "2", 3.0]` reads as `Vec<i32>`).
///
/// SAFEARRAY memory is column-major (the first index varies fastest), but the nested
/// sequences follow the indices, not the memory: a 2 × 3 array is two sequences of three
/// elements, `[[a00, a01, a02], [a10, a11, a12]]`, as `SafeArray::to_nested` gives it and
/// as VBA's `a(i, j)` and Rust's `v[i][j]` read it.
///
/// Maps: a VARIANT has no map form, so a map (and a struct, when the array is 2-D) reads
/// from an `n × 2` array, row by row, key in column 0 and value in column 1: the shape of
/// the value of a two-column Excel range. A 1-D array of pairs is not a map
/// (deserialize it as `Vec<(K, V)>`).
///
/// Sequences are read whole: an array longer than the tuple or struct that reads it is
/// an error (`the array has 4 elements, the target took 3`). Enums read their unit
/// variants by name from a `VT_BSTR`. Arrays nested more than 128 levels deep are an
/// error, not a stack overflow.
///
/// Errors are [`DeserializeError`]s: an HRESULT (`DISP_E_TYPEMISMATCH`, or
/// `DISP_E_OVERFLOW` for numbers out of range) and a message naming where in the value
/// it happened, such as `[2].name: expected an integer (i32), found VT_BSTR("x")`. They
/// convert into [`Error`](crate::Error).
///
/// ```
/// use comtypes::Variant;
/// use serde::Deserialize;
///
/// #[derive(Deserialize, Debug, PartialEq)]
/// struct Row {
///     name: String,
///     count: u32,
///     price: Option<f64>,
/// }
///
/// // What a script's `Array(Array("apples", 3, 1.25), Array("pears", "4", Null))` is.
/// let rows = Variant::from(vec![
///     Variant::from(vec![Variant::from("apples"), Variant::from(3), Variant::from(1.25)]),
///     Variant::from(vec![Variant::from("pears"), Variant::from("4"), Variant::null()]),
/// ]);
/// let rows: Vec<Row> = rows.deserialize_into()?;
/// assert_eq!(rows[1], Row { name: "pears".into(), count: 4, price: None });
///
/// let bad = Variant::from(vec![Variant::from(vec![Variant::from("x"), Variant::from("many")])]);
/// let e = bad.deserialize_into::<Vec<(String, u32)>>().unwrap_err();
/// assert_eq!(e.code(), comtypes::hresult::DISP_E_TYPEMISMATCH);
/// assert_eq!(
///     e.description(),
///     Some(r#"[0][1]: expected an integer (u32), found VT_BSTR("many")"#)
/// );
/// # Ok::<(), comtypes::Error>(())
/// ```
///
/// ```
/// use comtypes::variant::VariantDeserializer;
/// use comtypes::Variant;
/// use serde::Deserialize;
///
/// #[derive(Deserialize, Debug, PartialEq)]
/// enum Shape { Circle, Square }
///
/// let v = Variant::from(vec![Variant::from("Square"), Variant::from("2.5")]);
/// let (shape, size) = <(Shape, f32)>::deserialize(VariantDeserializer::new(&v))?;
/// assert_eq!((shape, size), (Shape::Square, 2.5));
/// # Ok::<(), comtypes::variant::DeserializeError>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct VariantDeserializer<'a> {
    value: &'a Variant,
    depth: usize,
}

impl<'a> VariantDeserializer<'a> {
    /// Deserializes `value`.
    pub fn new(value: &'a Variant) -> Self {
        VariantDeserializer { value, depth: 0 }
    }

    fn nested(value: &'a Variant, depth: usize) -> Self {
        VariantDeserializer { value, depth }
    }

    fn is_array(&self) -> bool {
        self.value.vt() & VT_ARRAY != 0
    }

    /// For `VT_BYREF` to anything but an array (arrays are read in place): a copy of the
    /// value pointed at.
    fn target(&self) -> Result<Option<Variant>, DeserializeError> {
        match self.value.get() {
            VariantRef::ByRef(r) if r.vt() & VT_ARRAY == 0 => {
                if self.depth >= MAX_DEPTH {
                    return Err(too_deep());
                }
                r.read()
                    .map(Some)
                    .map_err(|e| DeserializeError::new(e.code(), e.description().unwrap_or("")))
            }
            _ => Ok(None),
        }
    }

    /// What the value is, for messages: `VT_BSTR("x")`, `an array (VT_ARRAY|VT_I4)`.
    fn found(&self) -> String {
        if self.is_array() {
            format!("an array ({})", vt_name(self.value.vt()))
        } else {
            match self.value.get() {
                VariantRef::Dispatch(Some(_)) | VariantRef::Unknown(Some(_)) => {
                    format!("an object ({})", vt_name(self.value.vt()))
                }
                VariantRef::Record(_) => "a record (VT_RECORD)".to_string(),
                _ => format!("{:?}", self.value),
            }
        }
    }

    fn expected(&self, what: &str) -> DeserializeError {
        let mut message = format!("expected {what}, found {}", self.found());
        match self.value.get() {
            VariantRef::Dispatch(Some(_)) | VariantRef::Unknown(Some(_)) => message.push_str(
                ": an object cannot be deserialized (call it through comtypes::Dispatch)",
            ),
            VariantRef::Record(_) => message.push_str(": records cannot be deserialized"),
            _ => {}
        }
        DeserializeError::mismatch(message)
    }

    /// The value coerced to `T` like `TryFrom<&Variant>` (never for arrays, objects and
    /// records: VariantChangeType would ask an object for its default property).
    fn coerce<T>(&self, what: &str) -> Result<T, DeserializeError>
    where
        T: for<'x> TryFrom<&'x Variant, Error = Error>,
    {
        match self.value.get() {
            VariantRef::Array(_)
            | VariantRef::Dispatch(_)
            | VariantRef::Unknown(_)
            | VariantRef::Record(_) => return Err(self.expected(what)),
            _ => {}
        }
        T::try_from(self.value).map_err(|e| {
            let mut message = format!("expected {what}, found {}", self.found());
            if e.code() == DISP_E_OVERFLOW {
                message.push_str(" (out of range)");
            }
            DeserializeError::new(e.code(), message)
        })
    }

    /// As `coerce`, for a number: a `VT_ERROR` gives its SCODE (VariantChangeType
    /// refuses it), a `u32` its bits (`0x80004005` for E_FAIL).
    fn coerce_number<T>(&self, what: &str) -> Result<T, DeserializeError>
    where
        T: for<'x> TryFrom<&'x Variant, Error = Error> + 'static,
    {
        if let VariantRef::Error(code) = self.value.get() {
            let scode = if core::any::TypeId::of::<T>() == core::any::TypeId::of::<u32>() {
                Variant::from(code.0 as u32)
            } else {
                Variant::from(code.0)
            };
            return VariantDeserializer::nested(&scode, self.depth).coerce(what);
        }
        self.coerce(what)
    }

    /// The array, as a sequence (or with field names, for a struct).
    fn array_seq<'de, V: Visitor<'de>>(
        &self,
        visitor: V,
        fields: Option<&'static [&'static str]>,
    ) -> Result<V::Value, DeserializeError> {
        let depth = self.depth;
        with_array(self.value, depth, |grid| {
            visit_seq(Slab::root(grid, depth), visitor, fields)
        })
    }

    /// The array as a map, if it is `n × 2`; `None` (nothing consumed) otherwise.
    fn array_map<'de, V: Visitor<'de>>(
        &self,
        visitor: V,
        what: &str,
    ) -> Result<V::Value, DeserializeError> {
        let depth = self.depth;
        let found = self.found();
        with_array(self.value, depth, |grid| {
            let slab = Slab::root(grid, depth);
            if slab.is_two_columns() {
                visit_rows(slab, visitor)
            } else {
                Err(DeserializeError::mismatch(format!(
                    "expected {what}, found {found} of shape {:?}",
                    grid.shape
                )))
            }
        })
    }
}

fn too_deep() -> DeserializeError {
    DeserializeError::mismatch(format!("arrays nest deeper than {MAX_DEPTH} levels"))
}

impl<'a> IntoDeserializer<'_, DeserializeError> for &'a Variant {
    type Deserializer = VariantDeserializer<'a>;
    fn into_deserializer(self) -> VariantDeserializer<'a> {
        VariantDeserializer::new(self)
    }
}

/// Reads through `VT_BYREF` first: the method again on the value pointed at.
macro_rules! through_byref {
    ($self:ident, $method:ident ( $($arg:expr),* )) => {
        if let Some(target) = $self.target()? {
            return VariantDeserializer::nested(&target, $self.depth + 1).$method($($arg),*);
        }
    };
}

macro_rules! coerced {
    ($($method:ident => $t:ty, $visit:ident, $what:literal;)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeserializeError> {
            through_byref!(self, $method(visitor));
            let value: $t = self.coerce_number($what)?;
            visitor.$visit(value)
        }
    )*};
}

impl<'de> de::Deserializer<'de> for VariantDeserializer<'_> {
    type Error = DeserializeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeserializeError> {
        through_byref!(self, deserialize_any(visitor));
        match self.value.get() {
            VariantRef::Array(_) => self.array_seq(visitor, None),
            VariantRef::Empty | VariantRef::Null => visitor.visit_unit(),
            VariantRef::I1(v) => visitor.visit_i8(v),
            VariantRef::I2(v) => visitor.visit_i16(v),
            VariantRef::I4(v) | VariantRef::Int(v) => visitor.visit_i32(v),
            VariantRef::I8(v) => visitor.visit_i64(v),
            VariantRef::UI1(v) => visitor.visit_u8(v),
            VariantRef::UI2(v) => visitor.visit_u16(v),
            VariantRef::UI4(v) | VariantRef::UInt(v) => visitor.visit_u32(v),
            VariantRef::UI8(v) => visitor.visit_u64(v),
            VariantRef::R4(v) => visitor.visit_f32(v),
            VariantRef::R8(v) => visitor.visit_f64(v),
            VariantRef::Cy(v) => visitor.visit_f64(v.to_f64()),
            VariantRef::Decimal(v) => visitor.visit_f64(v.to_f64()),
            VariantRef::Date(v) => visitor.visit_f64(v.to_ole()),
            VariantRef::Bstr(v) => visitor.visit_string(v.to_string_lossy()),
            VariantRef::Error(v) => visitor.visit_i32(v.0),
            VariantRef::Bool(v) => visitor.visit_bool(v),
            VariantRef::Dispatch(None) | VariantRef::Unknown(None) => visitor.visit_unit(),
            _ => Err(self.expected("a value")),
        }
    }

    coerced! {
        deserialize_bool => bool, visit_bool, "a bool";
        deserialize_i8 => i8, visit_i8, "an integer (i8)";
        deserialize_i16 => i16, visit_i16, "an integer (i16)";
        deserialize_i32 => i32, visit_i32, "an integer (i32)";
        deserialize_i64 => i64, visit_i64, "an integer (i64)";
        deserialize_u8 => u8, visit_u8, "an integer (u8)";
        deserialize_u16 => u16, visit_u16, "an integer (u16)";
        deserialize_u32 => u32, visit_u32, "an integer (u32)";
        deserialize_u64 => u64, visit_u64, "an integer (u64)";
        deserialize_f32 => f32, visit_f32, "a number (f32)";
        deserialize_f64 => f64, visit_f64, "a number (f64)";
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeserializeError> {
        through_byref!(self, deserialize_char(visitor));
        let text: String = self.coerce("a character")?;
        let mut chars = text.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => visitor.visit_char(c),
            _ => Err(self.expected("a single character")),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeserializeError> {
        self.deserialize_string(visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeserializeError> {
        through_byref!(self, deserialize_string(visitor));
        match self.value.get() {
            VariantRef::Bstr(v) => visitor.visit_string(v.to_string_lossy()),
            VariantRef::Cy(v) => visitor.visit_string(v.to_string()),
            VariantRef::Decimal(v) => visitor.visit_string(v.to_string()),
            VariantRef::Date(v) => visitor.visit_string(v.to_string()),
            _ => visitor.visit_string(self.coerce::<String>("a string")?),
        }
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeserializeError> {
        through_byref!(self, deserialize_bytes(visitor));
        if !self.is_array() {
            return self.deserialize_any(visitor);
        }
        if self.value.vt() & VT_TYPEMASK == VT_UI1 {
            let array = self.value.array_in_place::<u8>().map_err(call_error)?;
            if array.dims() == 1 {
                let data = array.lock().map_err(call_error)?;
                return visitor.visit_bytes(&data);
            }
        }
        self.array_seq(visitor, None)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(
        self,
        visitor: V,
    ) -> Result<V::Value, DeserializeError> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeserializeError> {
        through_byref!(self, deserialize_option(visitor));
        match self.value.get() {
            VariantRef::Empty
            | VariantRef::Null
            | VariantRef::Dispatch(None)
            | VariantRef::Unknown(None) => visitor.visit_none(),
            VariantRef::Error(code) if code == DISP_E_PARAMNOTFOUND => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeserializeError> {
        through_byref!(self, deserialize_unit(visitor));
        match self.value.get() {
            VariantRef::Empty | VariantRef::Null => visitor.visit_unit(),
            _ => Err(self.expected("nothing (VT_EMPTY or VT_NULL)")),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeserializeError> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeserializeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeserializeError> {
        through_byref!(self, deserialize_seq(visitor));
        if !self.is_array() {
            return Err(self.expected("an array"));
        }
        self.array_seq(visitor, None)
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DeserializeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DeserializeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeserializeError> {
        through_byref!(self, deserialize_map(visitor));
        if !self.is_array() {
            return Err(self.expected("a two-column array (key, value)"));
        }
        self.array_map(visitor, "a two-column array (key, value)")
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeserializeError> {
        through_byref!(self, deserialize_struct(_name, fields, visitor));
        if !self.is_array() {
            return Err(self.expected("an array of the struct's fields"));
        }
        let depth = self.depth;
        with_array(self.value, depth, |grid| {
            let slab = Slab::root(grid, depth);
            if slab.is_two_columns() {
                visit_rows(slab, visitor)
            } else {
                visit_seq(slab, visitor, Some(fields))
            }
        })
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeserializeError> {
        through_byref!(self, deserialize_enum(_name, _variants, visitor));
        match self.value.get() {
            VariantRef::Bstr(v) => visitor.visit_enum(
                IntoDeserializer::<DeserializeError>::into_deserializer(v.to_string_lossy()),
            ),
            _ => Err(self.expected("a string naming an enum variant")),
        }
    }

    fn deserialize_identifier<V: Visitor<'de>>(
        self,
        visitor: V,
    ) -> Result<V::Value, DeserializeError> {
        self.deserialize_string(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(
        self,
        visitor: V,
    ) -> Result<V::Value, DeserializeError> {
        visitor.visit_unit()
    }
}

/// The error of a call made while reading (locking an array, reading through a pointer).
fn call_error(e: Error) -> DeserializeError {
    DeserializeError::new(e.code(), e.description().unwrap_or("").to_string())
}

/// The cells of a locked array, each seen as a Variant (borrowed for VT_VARIANT arrays,
/// a small temporary for the other element types).
trait Cells {
    fn cell(&self, index: usize) -> Option<Cow<'_, Variant>>;
}

struct Typed<'a, S> {
    data: &'a [S],
    to_variant: fn(&S) -> Cow<'_, Variant>,
}

impl<S> Cells for Typed<'_, S> {
    fn cell(&self, index: usize) -> Option<Cow<'_, Variant>> {
        self.data.get(index).map(self.to_variant)
    }
}

/// A locked array: its cells (column-major) and its shape, first dimension first.
#[derive(Clone, Copy)]
struct Grid<'a> {
    cells: &'a dyn Cells,
    shape: &'a [usize],
    /// Column-major strides: 1, n0, n0*n1, ...
    strides: &'a [usize],
}

/// Borrows the array of `value` (VT_ARRAY, or VT_BYREF|VT_ARRAY), locks it and hands its
/// cells to `f`.
fn with_array<R>(
    value: &Variant,
    depth: usize,
    f: impl FnOnce(Grid<'_>) -> Result<R, DeserializeError>,
) -> Result<R, DeserializeError> {
    if depth >= MAX_DEPTH {
        return Err(too_deep());
    }
    fn owned<T>(v: T) -> Cow<'static, Variant>
    where
        Variant: From<T>,
    {
        Cow::Owned(Variant::from(v))
    }
    match value.vt() & VT_TYPEMASK {
        VT_I1 => walk::<i8, R>(value, |s| owned(*s), f),
        VT_I2 => walk::<i16, R>(value, |s| owned(*s), f),
        VT_I4 | VT_INT => walk::<i32, R>(value, |s| owned(*s), f),
        VT_I8 => walk::<i64, R>(value, |s| owned(*s), f),
        VT_UI1 => walk::<u8, R>(value, |s| owned(*s), f),
        VT_UI2 => walk::<u16, R>(value, |s| owned(*s), f),
        VT_UI4 | VT_UINT => walk::<u32, R>(value, |s| owned(*s), f),
        VT_UI8 => walk::<u64, R>(value, |s| owned(*s), f),
        VT_R4 => walk::<f32, R>(value, |s| owned(*s), f),
        VT_R8 => walk::<f64, R>(value, |s| owned(*s), f),
        VT_BOOL => walk::<bool, R>(value, |s| owned(*s != 0), f),
        VT_BSTR => walk::<Bstr, R>(value, |s| owned(s), f),
        VT_ERROR => walk::<HRESULT, R>(value, |s| Cow::Owned(Variant::error(*s)), f),
        VT_CY => walk::<Currency, R>(value, |s| owned(*s), f),
        VT_DATE => walk::<Date, R>(value, |s| owned(*s), f),
        VT_DECIMAL => walk::<Decimal, R>(value, |s: &DECIMAL| owned(Decimal::from(*s)), f),
        VT_VARIANT => walk::<Variant, R>(value, |s| Cow::Borrowed(s), f),
        VT_UNKNOWN => walk::<Option<IUnknown>, R>(value, |s| owned(s.clone()), f),
        VT_DISPATCH => walk::<Option<IDispatch>, R>(value, |s| owned(s.clone()), f),
        _ => Err(DeserializeError::mismatch(format!(
            "arrays of {} cannot be deserialized",
            vt_name(value.vt() & VT_TYPEMASK)
        ))),
    }
}

fn walk<T: SafeArrayElement, R>(
    value: &Variant,
    to_variant: fn(&T::Stored) -> Cow<'_, Variant>,
    f: impl FnOnce(Grid<'_>) -> Result<R, DeserializeError>,
) -> Result<R, DeserializeError> {
    let array = value.array_in_place::<T>().map_err(call_error)?;
    let shape = array.shape();
    let mut strides = Vec::with_capacity(shape.len());
    let mut stride = 1usize;
    for &n in &shape {
        strides.push(stride);
        stride = stride.saturating_mul(n);
    }
    let data = array.lock().map_err(call_error)?;
    let cells = Typed {
        data: &data,
        to_variant,
    };
    f(Grid {
        cells: &cells,
        shape: &shape,
        strides: &strides,
    })
}

/// The part of an array whose first `level` indices are fixed (their offset is `base`).
#[derive(Clone, Copy)]
struct Slab<'a> {
    grid: Grid<'a>,
    level: usize,
    base: usize,
    /// Nesting depth of this slab (VARIANT arrays and dimensions), for MAX_DEPTH.
    depth: usize,
}

/// One element of a slab: a cell or a smaller slab.
enum Item<'a> {
    Cell(Cow<'a, Variant>),
    Slab(Slab<'a>),
}

impl<'a> Slab<'a> {
    fn root(grid: Grid<'a>, depth: usize) -> Self {
        Slab {
            grid,
            level: 0,
            base: 0,
            depth: depth + 1,
        }
    }

    fn len(&self) -> usize {
        self.grid.shape.get(self.level).copied().unwrap_or(0)
    }

    /// Two dimensions left, the last of two elements: a table of (key, value) rows.
    fn is_two_columns(&self) -> bool {
        self.grid.shape.len() == self.level + 2 && self.grid.shape[self.level + 1] == 2
    }

    fn item(&self, index: usize) -> Result<Item<'a>, DeserializeError> {
        let stride = self.grid.strides.get(self.level).copied().unwrap_or(0);
        let offset = self.base + index * stride;
        if self.level + 1 < self.grid.shape.len() {
            if self.depth >= MAX_DEPTH {
                return Err(too_deep());
            }
            return Ok(Item::Slab(Slab {
                grid: self.grid,
                level: self.level + 1,
                base: offset,
                depth: self.depth + 1,
            }));
        }
        self.grid.cells.cell(offset).map(Item::Cell).ok_or_else(|| {
            DeserializeError::mismatch("the array holds fewer cells than its bounds")
        })
    }

    /// Deserializes element `index` with `seed`.
    fn element<'de, T: DeserializeSeed<'de>>(
        &self,
        index: usize,
        seed: T,
    ) -> Result<T::Value, DeserializeError> {
        match self.item(index)? {
            Item::Cell(cell) => seed.deserialize(VariantDeserializer::nested(&cell, self.depth)),
            Item::Slab(slab) => seed.deserialize(slab),
        }
    }
}

/// Visits a slab as a sequence; elements left unread are an error (a tuple or struct
/// shorter than the array).
fn visit_seq<'de, V: Visitor<'de>>(
    slab: Slab<'_>,
    visitor: V,
    fields: Option<&'static [&'static str]>,
) -> Result<V::Value, DeserializeError> {
    let mut seq = SlabSeq {
        slab,
        next: 0,
        fields,
    };
    let value = visitor.visit_seq(&mut seq)?;
    let len = slab.len();
    if seq.next < len {
        return Err(DeserializeError::mismatch(format!(
            "the array has {len} elements, the target took {}",
            seq.next
        )));
    }
    Ok(value)
}

struct SlabSeq<'a> {
    slab: Slab<'a>,
    next: usize,
    fields: Option<&'static [&'static str]>,
}

impl<'de> SeqAccess<'de> for SlabSeq<'_> {
    type Error = DeserializeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeserializeError> {
        let index = self.next;
        if index >= self.slab.len() {
            return Ok(None);
        }
        self.next += 1;
        self.slab.element(index, seed).map(Some).map_err(|e| {
            match self.fields.and_then(|f| f.get(index)) {
                Some(name) => e.at(Segment::Name(name)),
                None => e.at(Segment::Index(index)),
            }
        })
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.slab.len().saturating_sub(self.next))
    }
}

/// Visits an `n × 2` slab as a map: column 0 the keys, column 1 the values.
fn visit_rows<'de, V: Visitor<'de>>(
    slab: Slab<'_>,
    visitor: V,
) -> Result<V::Value, DeserializeError> {
    visitor.visit_map(Rows {
        slab,
        next: 0,
        key: None,
    })
}

struct Rows<'a> {
    slab: Slab<'a>,
    next: usize,
    /// The current row's key, when it is a string (for error paths).
    key: Option<String>,
}

impl<'a> Rows<'a> {
    fn row(&self, index: usize) -> Result<Slab<'a>, DeserializeError> {
        match self.slab.item(index)? {
            Item::Slab(row) => Ok(row),
            Item::Cell(_) => Err(DeserializeError::mismatch("expected a row")),
        }
    }
}

impl<'de> MapAccess<'de> for Rows<'_> {
    type Error = DeserializeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeserializeError> {
        let index = self.next;
        if index >= self.slab.len() {
            return Ok(None);
        }
        let row = self.row(index)?;
        self.key = match row.item(0)? {
            Item::Cell(cell) => match cell.get() {
                VariantRef::Bstr(b) => Some(b.to_string_lossy()),
                _ => None,
            },
            Item::Slab(_) => None,
        };
        row.element(0, seed)
            .map(Some)
            .map_err(|e| e.at(Segment::Index(0)).at(Segment::Index(index)))
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<T::Value, DeserializeError> {
        let index = self.next;
        self.next += 1;
        let row = self.row(index)?;
        let key = self.key.take();
        row.element(1, seed).map_err(|e| match &key {
            Some(key) => e.at(Segment::Name(key)),
            None => e.at(Segment::Index(1)).at(Segment::Index(index)),
        })
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.slab.len().saturating_sub(self.next))
    }
}

/// A slab of a multi-dimensional array (a row, a plane...): a sequence.
impl<'de> de::Deserializer<'de> for Slab<'_> {
    type Error = DeserializeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeserializeError> {
        visit_seq(self, visitor, None)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeserializeError> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeserializeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeserializeError> {
        if self.is_two_columns() {
            visit_rows(self, visitor)
        } else {
            Err(DeserializeError::mismatch(format!(
                "expected a two-column array (key, value), found a part of an array of shape {:?}",
                self.grid.shape
            )))
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeserializeError> {
        if self.is_two_columns() {
            visit_rows(self, visitor)
        } else {
            visit_seq(self, visitor, Some(fields))
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(
        self,
        visitor: V,
    ) -> Result<V::Value, DeserializeError> {
        visitor.visit_unit()
    }

    ::serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct enum identifier
    }
}
