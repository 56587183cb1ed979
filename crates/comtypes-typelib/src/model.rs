//! The typed model of a type library, as read from an MSFT image.
//!
//! Every field mirrors a fact that `ITypeLib`/`ITypeInfo` expose (TLIBATTR, TYPEATTR,
//! FUNCDESC, VARDESC, ELEMDESC, GetDocumentation, GetNames, GetImplTypeFlags,
//! GetAllCustData, ...). Raw numeric flags are kept as numbers, with named constants
//! in [`crate::consts`], so nothing the file says is lost.

use std::fmt;
use std::sync::Arc;

pub use crate::name::Name;

#[cfg(feature = "serde")]
use serde::Serialize;

/// A GUID as stored in a type library (little-endian `Data1`..`Data3`).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Guid {
    /// First 32 bits.
    pub data1: u32,
    /// Next 16 bits.
    pub data2: u16,
    /// Next 16 bits.
    pub data3: u16,
    /// Last 8 bytes.
    pub data4: [u8; 8],
}

impl Guid {
    /// Builds a GUID from the 16 bytes of its in-memory (little-endian) layout.
    pub fn from_le_bytes(b: [u8; 16]) -> Guid {
        Guid {
            data1: u32::from_le_bytes([b[0], b[1], b[2], b[3]]),
            data2: u16::from_le_bytes([b[4], b[5]]),
            data3: u16::from_le_bytes([b[6], b[7]]),
            data4: [b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]],
        }
    }

    /// Parses `XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX`, with or without braces.
    pub fn parse(s: &str) -> Option<Guid> {
        let s = s.trim().trim_start_matches('{').trim_end_matches('}');
        let hex: String = s.chars().filter(|c| *c != '-').collect();
        if hex.len() != 32 || s.len() != 36 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i * 2..i * 2 + 2], 16).ok();
        let mut data4 = [0u8; 8];
        for (i, d) in data4.iter_mut().enumerate() {
            *d = byte(8 + i)?;
        }
        Some(Guid {
            data1: u32::from_str_radix(&hex[0..8], 16).ok()?,
            data2: u16::from_str_radix(&hex[8..12], 16).ok()?,
            data3: u16::from_str_radix(&hex[12..16], 16).ok()?,
            data4,
        })
    }
}

impl fmt::Display for Guid {
    /// Registry form: `{00020400-0000-0000-C000-000000000046}`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = &self.data4;
        write!(
            f,
            "{{{:08X}-{:04X}-{:04X}-{:02X}{:02X}-{:02X}{:02X}{:02X}{:02X}{:02X}{:02X}}}",
            self.data1, self.data2, self.data3, d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]
        )
    }
}

impl fmt::Debug for Guid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[cfg(feature = "serde")]
impl Serialize for Guid {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A major.minor version number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Version {
    /// Major version.
    pub major: u16,
    /// Minor version.
    pub minor: u16,
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// The target platform of a library (`SYSKIND`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub enum SysKind {
    /// `SYS_WIN16`
    Win16,
    /// `SYS_WIN32`
    Win32,
    /// `SYS_MAC`
    Mac,
    /// `SYS_WIN64`
    Win64,
}

impl SysKind {
    /// The numeric `SYSKIND` value.
    pub fn value(self) -> u32 {
        match self {
            SysKind::Win16 => 0,
            SysKind::Win32 => 1,
            SysKind::Mac => 2,
            SysKind::Win64 => 3,
        }
    }

    /// Size of a pointer on this platform, which scales vtable offsets and sizes.
    pub fn pointer_size(self) -> u32 {
        match self {
            SysKind::Win16 | SysKind::Win32 | SysKind::Mac => 4,
            SysKind::Win64 => 8,
        }
    }
}

/// A custom data item (`[custom(guid, value)]`), as `GetAllCustData` returns it.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct CustomData {
    /// The GUID naming the item.
    pub guid: Guid,
    /// Its value.
    pub value: Value,
}

/// A constant value: a constant's value, a default parameter value or custom data.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
#[cfg_attr(feature = "serde", serde(tag = "vt", content = "value"))]
pub enum Value {
    /// `VT_EMPTY`
    Empty,
    /// `VT_NULL`
    Null,
    /// `VT_I2`
    I2(i16),
    /// `VT_I4`
    I4(i32),
    /// `VT_R4`
    R4(f32),
    /// `VT_R8`
    R8(f64),
    /// `VT_CY`: currency, scaled by 10 000.
    Cy(i64),
    /// `VT_DATE`: OLE automation date.
    Date(f64),
    /// `VT_BSTR` (`None` is a null BSTR).
    Bstr(Option<String>),
    /// `VT_ERROR`: an SCODE.
    Error(i32),
    /// `VT_BOOL`: `VARIANT_BOOL`, `-1` is true.
    Bool(i16),
    /// `VT_I1`
    I1(i8),
    /// `VT_UI1`
    Ui1(u8),
    /// `VT_UI2`
    Ui2(u16),
    /// `VT_UI4`
    Ui4(u32),
    /// `VT_I8`
    I8(i64),
    /// `VT_UI8`
    Ui8(u64),
    /// `VT_INT`
    Int(i32),
    /// `VT_UINT`
    Uint(u32),
    /// `VT_HRESULT`
    Hresult(i32),
    /// `VT_VOID` (a 4-byte payload, as stored)
    Void(i32),
    /// A VARTYPE this format cannot carry by value (pointers, interfaces, ...);
    /// kept so the item is not lost.
    Unsupported(u16),
}

impl Value {
    /// The `VARTYPE` of the value.
    pub fn vt(&self) -> u16 {
        use crate::consts::*;
        match self {
            Value::Empty => VT_EMPTY,
            Value::Null => VT_NULL,
            Value::I2(_) => VT_I2,
            Value::I4(_) => VT_I4,
            Value::R4(_) => VT_R4,
            Value::R8(_) => VT_R8,
            Value::Cy(_) => VT_CY,
            Value::Date(_) => VT_DATE,
            Value::Bstr(_) => VT_BSTR,
            Value::Error(_) => VT_ERROR,
            Value::Bool(_) => VT_BOOL,
            Value::I1(_) => VT_I1,
            Value::Ui1(_) => VT_UI1,
            Value::Ui2(_) => VT_UI2,
            Value::Ui4(_) => VT_UI4,
            Value::I8(_) => VT_I8,
            Value::Ui8(_) => VT_UI8,
            Value::Int(_) => VT_INT,
            Value::Uint(_) => VT_UINT,
            Value::Hresult(_) => VT_HRESULT,
            Value::Void(_) => VT_VOID,
            Value::Unsupported(vt) => *vt,
        }
    }
}

/// A reference to another type (an `HREFTYPE`, resolved).
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub enum TypeRef {
    /// A type info of this library.
    Local {
        /// Index into [`TypeLib::types`].
        index: u32,
        /// Its name, for convenience.
        name: Name,
    },
    /// A type in an imported library.
    Imported {
        /// Index into [`TypeLib::imports`].
        lib: u32,
        /// The type, named by its GUID or by its index in that library.
        target: ImportTarget,
        /// `TYPEKIND` recorded for the reference (bits 24..31 of the import entry).
        kind: u8,
    },
}

/// How an imported type is named in the importing library.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub enum ImportTarget {
    /// By its GUID.
    Guid(Guid),
    /// By its index in the imported library.
    Index(u32),
}

/// A library this one imports types from (`importlib`).
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct ImportedLib {
    /// LIBID.
    pub guid: Guid,
    /// Version.
    pub version: Version,
    /// Locale.
    pub lcid: u32,
    /// File name recorded at build time (`stdole2.tlb`).
    pub file_name: String,
}

/// A type description (`TYPEDESC`).
///
/// Nested descriptions are shared (`Arc`): a library stores each description once and
/// every parameter, return or field of that type refers to it, so the reader decodes
/// each one once and its uses clone a reference. Build one with `Arc::new` (or
/// `.into()`); to edit a shared one in place, `Arc::make_mut`.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub enum TypeDesc {
    /// A base type, by `VARTYPE` (`VT_I4`, `VT_BSTR`, ...).
    Base(u16),
    /// `VT_PTR` to a type.
    Ptr(Arc<TypeDesc>),
    /// `VT_SAFEARRAY` of a type.
    SafeArray(Arc<TypeDesc>),
    /// `VT_CARRAY`: a C array with bounds.
    CArray {
        /// Element type.
        elem: Arc<TypeDesc>,
        /// One bound per dimension.
        bounds: Vec<ArrayBound>,
    },
    /// `VT_USERDEFINED`: another type.
    UserDefined(TypeRef),
}

/// One dimension of a C array (`SAFEARRAYBOUND`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct ArrayBound {
    /// Number of elements.
    pub elements: u32,
    /// Lower bound.
    pub lower: i32,
}

/// The kind of a type info (`TYPEKIND`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub enum TypeKind {
    /// `TKIND_ENUM`
    Enum,
    /// `TKIND_RECORD` (struct)
    Record,
    /// `TKIND_MODULE`
    Module,
    /// `TKIND_INTERFACE`
    Interface,
    /// `TKIND_DISPATCH` (dispinterface or dual interface)
    Dispatch,
    /// `TKIND_COCLASS`
    Coclass,
    /// `TKIND_ALIAS` (typedef)
    Alias,
    /// `TKIND_UNION`
    Union,
}

impl TypeKind {
    /// From the numeric `TYPEKIND`.
    pub fn from_value(v: u32) -> Option<TypeKind> {
        Some(match v {
            0 => TypeKind::Enum,
            1 => TypeKind::Record,
            2 => TypeKind::Module,
            3 => TypeKind::Interface,
            4 => TypeKind::Dispatch,
            5 => TypeKind::Coclass,
            6 => TypeKind::Alias,
            7 => TypeKind::Union,
            _ => return None,
        })
    }

    /// The numeric `TYPEKIND`.
    pub fn value(self) -> u32 {
        self as u32
    }

    /// The `TKIND_` name without prefix (`DISPATCH`).
    pub fn name(self) -> &'static str {
        match self {
            TypeKind::Enum => "ENUM",
            TypeKind::Record => "RECORD",
            TypeKind::Module => "MODULE",
            TypeKind::Interface => "INTERFACE",
            TypeKind::Dispatch => "DISPATCH",
            TypeKind::Coclass => "COCLASS",
            TypeKind::Alias => "ALIAS",
            TypeKind::Union => "UNION",
        }
    }
}

/// An implemented interface of a coclass, or the base of an interface.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct ImplType {
    /// The interface.
    pub interface: TypeRef,
    /// `IMPLTYPEFLAG_*` (default 1, source 2, restricted 4, defaultvtable 8).
    pub flags: u32,
    /// Custom data on the implementation.
    pub custom: Vec<CustomData>,
}

/// A DLL entry point of a module function.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub enum DllEntry {
    /// By name.
    Name(String),
    /// By ordinal.
    Ordinal(u16),
}

/// A function (`FUNCDESC` plus names and documentation).
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Function {
    /// Name.
    pub name: Name,
    /// MEMBERID (DISPID).
    pub memid: i32,
    /// `FUNCKIND` (0 virtual, 1 pure virtual, 2 non-virtual, 3 static, 4 dispatch).
    pub func_kind: u8,
    /// `INVOKEKIND` (1 func, 2 propget, 4 propput, 8 propputref).
    pub invoke_kind: u8,
    /// `CALLCONV` (4 stdcall, 1 cdecl, ...).
    pub call_conv: u8,
    /// Vtable offset in bytes, as stored (for this library's pointer size).
    pub vtable_offset: u16,
    /// `FUNCFLAG_*`.
    pub flags: u16,
    /// Return type.
    pub ret: TypeDesc,
    /// Parameters.
    pub params: Vec<Param>,
    /// `cParamsOpt` (-1 means vararg).
    pub optional_params: i16,
    /// Doc string.
    pub doc: Option<String>,
    /// Help context.
    pub help_context: u32,
    /// Help string context.
    pub help_string_context: u32,
    /// DLL entry (module functions only).
    pub entry: Option<DllEntry>,
    /// Custom data.
    pub custom: Vec<CustomData>,
}

/// A parameter (`ELEMDESC` with `PARAMDESC`).
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Param {
    /// Name (unnamed parameters exist, e.g. the value of a property put).
    pub name: Option<Name>,
    /// Type.
    pub typ: TypeDesc,
    /// `PARAMFLAG_*` (in 1, out 2, lcid 4, retval 8, opt 16, hasdefault 32).
    pub flags: u16,
    /// Default value, when `PARAMFLAG_FHASDEFAULT` is set.
    pub default: Option<Value>,
    /// Custom data.
    pub custom: Vec<CustomData>,
}

/// A variable: enum constant, module constant, record field or dispinterface property.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Variable {
    /// Name.
    pub name: Name,
    /// MEMBERID.
    pub memid: i32,
    /// `VARKIND` (0 per-instance, 1 static, 2 const, 3 dispatch).
    pub var_kind: u16,
    /// `VARFLAG_*`.
    pub flags: u16,
    /// Type.
    pub typ: TypeDesc,
    /// The constant value (`VAR_CONST`) or the field offset.
    pub value: VarValue,
    /// Doc string.
    pub doc: Option<String>,
    /// Help context.
    pub help_context: u32,
    /// Help string context.
    pub help_string_context: u32,
    /// Custom data.
    pub custom: Vec<CustomData>,
}

/// What a variable holds.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub enum VarValue {
    /// Constant value (`VAR_CONST`).
    Const(Value),
    /// Offset of the field in the instance (`oInst`).
    Offset(u32),
}

/// A type info (`TYPEATTR` plus members and documentation).
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct TypeInfo {
    /// Name.
    pub name: Name,
    /// Kind.
    pub kind: TypeKind,
    /// GUID (`None` when the file has none; `GUID_NULL` is reported then).
    pub guid: Option<Guid>,
    /// `TYPEFLAG_*`.
    pub flags: u16,
    /// Version.
    pub version: Version,
    /// Doc string.
    pub doc: Option<String>,
    /// Help context.
    pub help_context: u32,
    /// Help string context.
    pub help_string_context: u32,
    /// `cbSizeInstance` as stored.
    pub size: u32,
    /// `cbAlignment` as stored.
    pub alignment: u16,
    /// `cbSizeVft` in bytes as stored (for this library's pointer size).
    pub vtable_size: u16,
    /// Implemented interfaces (coclass), base interface (interface) or, for a
    /// `TKIND_DISPATCH`, the interface it wraps (dual interfaces: the real base).
    pub impl_types: Vec<ImplType>,
    /// Functions.
    pub funcs: Vec<Function>,
    /// Variables.
    pub vars: Vec<Variable>,
    /// Aliased type (`TKIND_ALIAS`).
    pub alias: Option<TypeDesc>,
    /// DLL name (`TKIND_MODULE`).
    pub dll_name: Option<String>,
    /// Custom data.
    pub custom: Vec<CustomData>,
}

/// A whole type library (`TLIBATTR` plus documentation and contents).
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct TypeLib {
    /// Name (`library Name`).
    pub name: Name,
    /// Doc string (`helpstring`).
    pub doc: Option<String>,
    /// Help file.
    pub help_file: Option<String>,
    /// Help context.
    pub help_context: u32,
    /// Help string context.
    pub help_string_context: u32,
    /// Help string DLL.
    pub help_string_dll: Option<String>,
    /// LIBID (`None` when the file has none).
    pub guid: Option<Guid>,
    /// Version.
    pub version: Version,
    /// Locale, as `TLIBATTR.lcid` reports it: the header's second locale field, the
    /// library's `lcid` attribute (0 when the IDL gives none).
    pub lcid: u32,
    /// The header's first locale field: the locale the compiler wrote the file in
    /// (0x409 from widl and MIDL alike). `TLIBATTR` does not report it.
    pub build_lcid: u32,
    /// Target platform.
    pub syskind: SysKind,
    /// `LIBFLAG_*` as stored (restricted 1, control 2, hidden 4).
    pub flags: u16,
    /// The reference to `IDispatch` that dispinterfaces report as their base.
    pub dispatch: Option<TypeRef>,
    /// Custom data.
    pub custom: Vec<CustomData>,
    /// Imported libraries.
    pub imports: Vec<ImportedLib>,
    /// Type infos, in index order.
    pub types: Vec<TypeInfo>,
}

impl TypeLib {
    /// Finds a type info by name (case-sensitive).
    pub fn find(&self, name: &str) -> Option<&TypeInfo> {
        self.types.iter().find(|t| t.name == name)
    }
}
