//! The structures `ITypeLib`, `ITypeInfo` and `ITypeComp` hand out, with the exact
//! Windows layouts (`oaidl.h`) on x64 and x86, checked by size and offset asserts.
//!
//! They are plain `#[repr(C)]` data; the memory behind their pointers belongs to the
//! type info that returned them (free a TYPEATTR with `ReleaseTypeAttr`, or use the
//! guards in [`crate::typeinfo`], which do it on drop).
#![allow(non_camel_case_types, non_snake_case)]

use crate::variant::VARIANT;
use crate::Guid;
use core::ffi::c_void;
use core::mem::{offset_of, size_of};

/// A locale identifier.
pub type LCID = u32;
/// A member identifier (a DISPID for dispatch members).
pub type MEMBERID = i32;
/// A handle naming a type referenced by a type info (resolve with `GetRefTypeInfo`).
pub type HREFTYPE = u32;

/// `MEMBERID_NIL`: "the type itself" in `GetDocumentation` and friends.
pub const MEMBERID_NIL: MEMBERID = -1;

/// The kind of a type info (`TYPEKIND`).
pub type TYPEKIND = u32;
/// `TKIND_ENUM`
pub const TKIND_ENUM: TYPEKIND = 0;
/// `TKIND_RECORD`
pub const TKIND_RECORD: TYPEKIND = 1;
/// `TKIND_MODULE`
pub const TKIND_MODULE: TYPEKIND = 2;
/// `TKIND_INTERFACE`
pub const TKIND_INTERFACE: TYPEKIND = 3;
/// `TKIND_DISPATCH`
pub const TKIND_DISPATCH: TYPEKIND = 4;
/// `TKIND_COCLASS`
pub const TKIND_COCLASS: TYPEKIND = 5;
/// `TKIND_ALIAS`
pub const TKIND_ALIAS: TYPEKIND = 6;
/// `TKIND_UNION`
pub const TKIND_UNION: TYPEKIND = 7;

/// The platform a library was built for (`SYSKIND`).
pub type SYSKIND = u32;
/// `SYS_WIN16`
pub const SYS_WIN16: SYSKIND = 0;
/// `SYS_WIN32`
pub const SYS_WIN32: SYSKIND = 1;
/// `SYS_MAC`
pub const SYS_MAC: SYSKIND = 2;
/// `SYS_WIN64`
pub const SYS_WIN64: SYSKIND = 3;

/// How a function is called (`FUNCKIND`: virtual 0, pure virtual 1, non-virtual 2,
/// static 3, dispatch 4).
pub type FUNCKIND = u32;
/// `FUNC_DISPATCH`
pub const FUNC_DISPATCH: FUNCKIND = 4;
/// Method, property get, put or putref (`INVOKEKIND`: 1, 2, 4, 8).
pub type INVOKEKIND = u32;
/// `INVOKE_FUNC`
pub const INVOKE_FUNC: INVOKEKIND = 1;
/// `INVOKE_PROPERTYGET`
pub const INVOKE_PROPERTYGET: INVOKEKIND = 2;
/// `INVOKE_PROPERTYPUT`
pub const INVOKE_PROPERTYPUT: INVOKEKIND = 4;
/// `INVOKE_PROPERTYPUTREF`
pub const INVOKE_PROPERTYPUTREF: INVOKEKIND = 8;
/// The calling convention (`CALLCONV`: cdecl 1, stdcall 4, ...).
pub type CALLCONV = u32;
/// What a variable is (`VARKIND`: per-instance 0, static 1, const 2, dispatch 3).
pub type VARKIND = u32;
/// `VAR_CONST`
pub const VAR_CONST: VARKIND = 2;
/// What `ITypeComp::Bind` found (`DESCKIND`).
pub type DESCKIND = u32;
/// `REGKIND` of `LoadTypeLibEx`.
pub type REGKIND = u32;
/// `REGKIND_DEFAULT`
pub const REGKIND_DEFAULT: REGKIND = 0;
/// `REGKIND_REGISTER`
pub const REGKIND_REGISTER: REGKIND = 1;
/// `REGKIND_NONE`: load without touching the registry.
pub const REGKIND_NONE: REGKIND = 2;

/// `TYPEFLAG_FDUAL`: a dual interface.
pub const TYPEFLAG_FDUAL: u16 = 0x40;
/// `PARAMFLAG_FHASDEFAULT`: `PARAMDESC::pparamdescex` holds a default value.
pub const PARAMFLAG_FHASDEFAULT: u16 = 0x20;
/// `VT_PTR` in a TYPEDESC: `lptdesc` points at the pointee.
pub const VT_PTR: u16 = 26;
/// `VT_SAFEARRAY` in a TYPEDESC: `lptdesc` points at the element type.
pub const VT_SAFEARRAY: u16 = 27;
/// `VT_CARRAY` in a TYPEDESC: `lpadesc` describes the array.
pub const VT_CARRAY: u16 = 28;
/// `VT_USERDEFINED` in a TYPEDESC: `hreftype` names the type.
pub const VT_USERDEFINED: u16 = 29;

/// The payload of a [`TYPEDESC`], chosen by its `vt`.
#[repr(C)]
#[derive(Clone, Copy)]
pub union TYPEDESC_0 {
    /// `VT_PTR`, `VT_SAFEARRAY`: the inner type.
    pub lptdesc: *mut TYPEDESC,
    /// `VT_CARRAY`: the array description.
    pub lpadesc: *mut ARRAYDESC,
    /// `VT_USERDEFINED`: the referenced type.
    pub hreftype: HREFTYPE,
}

/// A type: a base `VT_*`, or a pointer, array or user-defined type (`TYPEDESC`).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct TYPEDESC {
    /// Inner type, array or reference, by `vt`.
    pub u: TYPEDESC_0,
    /// The VARTYPE.
    pub vt: u16,
}

/// One dimension of an array (`SAFEARRAYBOUND`).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SAFEARRAYBOUND {
    /// Number of elements.
    pub cElements: u32,
    /// Lower bound.
    pub lLbound: i32,
}

/// A C array type (`ARRAYDESC`); `rgbounds` really holds `cDims` entries.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct ARRAYDESC {
    /// Element type.
    pub tdescElem: TYPEDESC,
    /// Number of dimensions.
    pub cDims: u16,
    /// The bounds, `cDims` of them (declared with one, as in C).
    pub rgbounds: [SAFEARRAYBOUND; 1],
}

impl ARRAYDESC {
    /// The `cDims` bounds.
    ///
    /// # Safety
    /// `self` must be a complete ARRAYDESC as a type info returned it (with `cDims`
    /// bounds in its allocation).
    pub unsafe fn bounds(&self) -> &[SAFEARRAYBOUND] {
        // SAFETY: the caller's promise: `cDims` bounds follow in the same allocation.
        unsafe { core::slice::from_raw_parts(self.rgbounds.as_ptr(), self.cDims as usize) }
    }
}

/// Reserved IDL information of a type or element (`IDLDESC`).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct IDLDESC {
    /// Reserved.
    pub dwReserved: usize,
    /// `IDLFLAG_*`.
    pub wIDLFlags: u16,
}

/// A parameter's default value (`PARAMDESCEX`).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct PARAMDESCEX {
    /// Size of this structure.
    pub cBytes: u32,
    /// The default value.
    pub varDefaultValue: VARIANT,
}

/// A parameter's flags and default value (`PARAMDESC`).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct PARAMDESC {
    /// The default value (with `PARAMFLAG_FHASDEFAULT`), else null.
    pub pparamdescex: *mut PARAMDESCEX,
    /// `PARAMFLAG_*`.
    pub wParamFlags: u16,
}

/// The second half of an [`ELEMDESC`]: IDL flags or parameter flags.
#[repr(C)]
#[derive(Clone, Copy)]
pub union ELEMDESC_0 {
    /// For a return value or field.
    pub idldesc: IDLDESC,
    /// For a parameter.
    pub paramdesc: PARAMDESC,
}

/// A parameter, return value or field: type plus flags (`ELEMDESC`).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct ELEMDESC {
    /// The type.
    pub tdesc: TYPEDESC,
    /// Flags (and default value).
    pub u: ELEMDESC_0,
}

/// The attributes of a type (`TYPEATTR`), from `ITypeInfo::GetTypeAttr`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct TYPEATTR {
    /// GUID of the type.
    pub guid: Guid,
    /// Locale of member names and doc strings.
    pub lcid: LCID,
    /// Reserved.
    pub dwReserved: u32,
    /// Constructor id, or `MEMBERID_NIL`.
    pub memidConstructor: MEMBERID,
    /// Destructor id, or `MEMBERID_NIL`.
    pub memidDestructor: MEMBERID,
    /// Reserved.
    pub lpstrSchema: *mut u16,
    /// Size of an instance.
    pub cbSizeInstance: u32,
    /// The kind (`TKIND_*`).
    pub typekind: TYPEKIND,
    /// Number of functions.
    pub cFuncs: u16,
    /// Number of variables.
    pub cVars: u16,
    /// Number of implemented interfaces.
    pub cImplTypes: u16,
    /// Size of the vtable in bytes (in this process's pointer size).
    pub cbSizeVft: u16,
    /// Alignment of an instance.
    pub cbAlignment: u16,
    /// `TYPEFLAG_*`.
    pub wTypeFlags: u16,
    /// Major version.
    pub wMajorVerNum: u16,
    /// Minor version.
    pub wMinorVerNum: u16,
    /// For `TKIND_ALIAS`, the aliased type.
    pub tdescAlias: TYPEDESC,
    /// IDL attributes.
    pub idldescType: IDLDESC,
}

/// A function (`FUNCDESC`), from `ITypeInfo::GetFuncDesc`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct FUNCDESC {
    /// Member id.
    pub memid: MEMBERID,
    /// Error codes it can return (`cScodes` of them).
    pub lprgscode: *mut i32,
    /// The parameters (`cParams` of them).
    pub lprgelemdescParam: *mut ELEMDESC,
    /// `FUNC_*`.
    pub funckind: FUNCKIND,
    /// `INVOKE_*`.
    pub invkind: INVOKEKIND,
    /// `CC_*`.
    pub callconv: CALLCONV,
    /// Number of parameters.
    pub cParams: i16,
    /// Number of optional parameters (-1: vararg).
    pub cParamsOpt: i16,
    /// Vtable offset in bytes (in this process's pointer size).
    pub oVft: i16,
    /// Number of error codes.
    pub cScodes: i16,
    /// The return type.
    pub elemdescFunc: ELEMDESC,
    /// `FUNCFLAG_*`.
    pub wFuncFlags: u16,
}

impl FUNCDESC {
    /// The `cParams` parameters.
    ///
    /// # Safety
    /// `self` must be a FUNCDESC a type info returned and has not released.
    pub unsafe fn params(&self) -> &[ELEMDESC] {
        if self.cParams <= 0 || self.lprgelemdescParam.is_null() {
            return &[];
        }
        // SAFETY: the caller's promise: the array holds `cParams` elements.
        unsafe { core::slice::from_raw_parts(self.lprgelemdescParam, self.cParams as usize) }
    }
}

/// The value part of a [`VARDESC`], chosen by `varkind`.
#[repr(C)]
#[derive(Clone, Copy)]
pub union VARDESC_0 {
    /// Offset in the instance (per-instance variables).
    pub oInst: u32,
    /// The value (`VAR_CONST`).
    pub lpvarValue: *mut VARIANT,
}

/// A variable or constant (`VARDESC`), from `ITypeInfo::GetVarDesc`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct VARDESC {
    /// Member id.
    pub memid: MEMBERID,
    /// Reserved.
    pub lpstrSchema: *mut u16,
    /// Offset or value.
    pub u: VARDESC_0,
    /// The type.
    pub elemdescVar: ELEMDESC,
    /// `VARFLAG_*`.
    pub wVarFlags: u16,
    /// `VAR_*`.
    pub varkind: VARKIND,
}

/// The attributes of a library (`TLIBATTR`), from `ITypeLib::GetLibAttr`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct TLIBATTR {
    /// LIBID.
    pub guid: Guid,
    /// Locale.
    pub lcid: LCID,
    /// Target platform (`SYS_*`).
    pub syskind: SYSKIND,
    /// Major version.
    pub wMajorVerNum: u16,
    /// Minor version.
    pub wMinorVerNum: u16,
    /// `LIBFLAG_*`.
    pub wLibFlags: u16,
}

/// One custom data item (`CUSTDATAITEM`).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct CUSTDATAITEM {
    /// The GUID naming it.
    pub guid: Guid,
    /// Its value.
    pub varValue: VARIANT,
}

/// All custom data of an item (`CUSTDATA`), from the `GetAll*CustData` methods; the
/// caller frees it with `ClearCustData` (or, on Windows, `comtypes::typeinfo::CustData` on drop).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct CUSTDATA {
    /// Number of items.
    pub cCustData: u32,
    /// The items.
    pub prgCustData: *mut CUSTDATAITEM,
}

impl Default for CUSTDATA {
    fn default() -> Self {
        CUSTDATA {
            cCustData: 0,
            prgCustData: core::ptr::null_mut(),
        }
    }
}

/// What `ITypeComp::Bind` returns: a FUNCDESC, a VARDESC or an ITypeComp, by DESCKIND.
#[repr(C)]
#[derive(Clone, Copy)]
pub union BINDPTR {
    /// `DESCKIND_FUNCDESC`
    pub lpfuncdesc: *mut FUNCDESC,
    /// `DESCKIND_VARDESC`, `DESCKIND_IMPLICITAPPOBJ`
    pub lpvardesc: *mut VARDESC,
    /// `DESCKIND_TYPECOMP`
    pub lptcomp: *mut c_void,
}

// The layouts of oaidl.h, as MSVC and MinGW lay them out (x64 checked with
// x86_64-w64-mingw32-gcc; x86 follows from 4-byte pointers and 8-byte VARIANT alignment).
#[cfg(target_pointer_width = "64")]
const _: () = {
    assert!(size_of::<TYPEDESC>() == 16);
    assert!(size_of::<ARRAYDESC>() == 32);
    assert!(offset_of!(ARRAYDESC, cDims) == 16);
    assert!(offset_of!(ARRAYDESC, rgbounds) == 20);
    assert!(size_of::<IDLDESC>() == 16);
    assert!(size_of::<PARAMDESC>() == 16);
    assert!(size_of::<PARAMDESCEX>() == 32);
    assert!(offset_of!(PARAMDESCEX, varDefaultValue) == 8);
    assert!(size_of::<ELEMDESC>() == 32);
    assert!(size_of::<TYPEATTR>() == 96);
    assert!(offset_of!(TYPEATTR, lpstrSchema) == 32);
    assert!(offset_of!(TYPEATTR, cbSizeInstance) == 40);
    assert!(offset_of!(TYPEATTR, cFuncs) == 48);
    assert!(offset_of!(TYPEATTR, wTypeFlags) == 58);
    assert!(offset_of!(TYPEATTR, tdescAlias) == 64);
    assert!(offset_of!(TYPEATTR, idldescType) == 80);
    assert!(size_of::<FUNCDESC>() == 88);
    assert!(offset_of!(FUNCDESC, lprgscode) == 8);
    assert!(offset_of!(FUNCDESC, funckind) == 24);
    assert!(offset_of!(FUNCDESC, cParams) == 36);
    assert!(offset_of!(FUNCDESC, oVft) == 40);
    assert!(offset_of!(FUNCDESC, elemdescFunc) == 48);
    assert!(offset_of!(FUNCDESC, wFuncFlags) == 80);
    assert!(size_of::<VARDESC>() == 64);
    assert!(offset_of!(VARDESC, u) == 16);
    assert!(offset_of!(VARDESC, elemdescVar) == 24);
    assert!(offset_of!(VARDESC, wVarFlags) == 56);
    assert!(offset_of!(VARDESC, varkind) == 60);
    assert!(size_of::<CUSTDATAITEM>() == 40);
    assert!(size_of::<CUSTDATA>() == 16);
    assert!(size_of::<BINDPTR>() == 8);
};
#[cfg(target_pointer_width = "32")]
const _: () = {
    assert!(size_of::<TYPEDESC>() == 8);
    assert!(size_of::<ARRAYDESC>() == 20);
    assert!(offset_of!(ARRAYDESC, rgbounds) == 12);
    assert!(size_of::<IDLDESC>() == 8);
    assert!(size_of::<PARAMDESC>() == 8);
    assert!(size_of::<ELEMDESC>() == 16);
    assert!(size_of::<TYPEATTR>() == 76);
    assert!(offset_of!(TYPEATTR, tdescAlias) == 60);
    assert!(size_of::<FUNCDESC>() == 52);
    assert!(offset_of!(FUNCDESC, elemdescFunc) == 32);
    assert!(offset_of!(FUNCDESC, wFuncFlags) == 48);
    assert!(size_of::<VARDESC>() == 36);
    assert!(offset_of!(VARDESC, elemdescVar) == 12);
    assert!(offset_of!(VARDESC, varkind) == 32);
    assert!(size_of::<CUSTDATA>() == 8);
    assert!(size_of::<BINDPTR>() == 4);
};
// Where the VARIANT's alignment is 8 (every Windows target), these hold on x86 too.
#[cfg(all(target_pointer_width = "32", windows))]
const _: () = {
    assert!(size_of::<PARAMDESCEX>() == 24);
    assert!(size_of::<CUSTDATAITEM>() == 32);
};
const _: () = {
    assert!(size_of::<TLIBATTR>() == 32);
    assert!(offset_of!(TLIBATTR, syskind) == 20);
    assert!(offset_of!(TLIBATTR, wLibFlags) == 28);
    assert!(offset_of!(TYPEATTR, lcid) == 16);
    assert!(offset_of!(TYPEATTR, memidConstructor) == 24);
};
