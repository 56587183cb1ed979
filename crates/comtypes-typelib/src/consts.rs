//! Numeric constants of the type-library ABI (`VT_*`, `TYPEFLAG_*`, ...), with names.

#![allow(missing_docs)]

pub const VT_EMPTY: u16 = 0;
pub const VT_NULL: u16 = 1;
pub const VT_I2: u16 = 2;
pub const VT_I4: u16 = 3;
pub const VT_R4: u16 = 4;
pub const VT_R8: u16 = 5;
pub const VT_CY: u16 = 6;
pub const VT_DATE: u16 = 7;
pub const VT_BSTR: u16 = 8;
pub const VT_DISPATCH: u16 = 9;
pub const VT_ERROR: u16 = 10;
pub const VT_BOOL: u16 = 11;
pub const VT_VARIANT: u16 = 12;
pub const VT_UNKNOWN: u16 = 13;
pub const VT_DECIMAL: u16 = 14;
pub const VT_I1: u16 = 16;
pub const VT_UI1: u16 = 17;
pub const VT_UI2: u16 = 18;
pub const VT_UI4: u16 = 19;
pub const VT_I8: u16 = 20;
pub const VT_UI8: u16 = 21;
pub const VT_INT: u16 = 22;
pub const VT_UINT: u16 = 23;
pub const VT_VOID: u16 = 24;
pub const VT_HRESULT: u16 = 25;
pub const VT_PTR: u16 = 26;
pub const VT_SAFEARRAY: u16 = 27;
pub const VT_CARRAY: u16 = 28;
pub const VT_USERDEFINED: u16 = 29;
pub const VT_LPSTR: u16 = 30;
pub const VT_LPWSTR: u16 = 31;
pub const VT_RECORD: u16 = 36;
pub const VT_INT_PTR: u16 = 37;
pub const VT_UINT_PTR: u16 = 38;
pub const VT_FILETIME: u16 = 64;
pub const VT_BLOB: u16 = 65;
pub const VT_CLSID: u16 = 72;
/// Mask of the base type in a `VARTYPE`.
pub const VT_TYPEMASK: u16 = 0x0fff;

pub const PARAMFLAG_FIN: u16 = 0x1;
pub const PARAMFLAG_FOUT: u16 = 0x2;
pub const PARAMFLAG_FLCID: u16 = 0x4;
pub const PARAMFLAG_FRETVAL: u16 = 0x8;
pub const PARAMFLAG_FOPT: u16 = 0x10;
pub const PARAMFLAG_FHASDEFAULT: u16 = 0x20;
pub const PARAMFLAG_FHASCUSTDATA: u16 = 0x40;

pub const IMPLTYPEFLAG_FDEFAULT: u32 = 0x1;
pub const IMPLTYPEFLAG_FSOURCE: u32 = 0x2;
pub const IMPLTYPEFLAG_FRESTRICTED: u32 = 0x4;
pub const IMPLTYPEFLAG_FDEFAULTVTABLE: u32 = 0x8;

pub const TYPEFLAG_FAPPOBJECT: u16 = 0x1;
pub const TYPEFLAG_FCANCREATE: u16 = 0x2;
pub const TYPEFLAG_FLICENSED: u16 = 0x4;
pub const TYPEFLAG_FPREDECLID: u16 = 0x8;
pub const TYPEFLAG_FHIDDEN: u16 = 0x10;
pub const TYPEFLAG_FCONTROL: u16 = 0x20;
pub const TYPEFLAG_FDUAL: u16 = 0x40;
pub const TYPEFLAG_FNONEXTENSIBLE: u16 = 0x80;
pub const TYPEFLAG_FOLEAUTOMATION: u16 = 0x100;
pub const TYPEFLAG_FRESTRICTED: u16 = 0x200;
pub const TYPEFLAG_FAGGREGATABLE: u16 = 0x400;
pub const TYPEFLAG_FREPLACEABLE: u16 = 0x800;
pub const TYPEFLAG_FDISPATCHABLE: u16 = 0x1000;
pub const TYPEFLAG_FREVERSEBIND: u16 = 0x2000;
pub const TYPEFLAG_FPROXY: u16 = 0x4000;

pub const FUNCFLAG_FRESTRICTED: u16 = 0x1;
pub const FUNCFLAG_FSOURCE: u16 = 0x2;
pub const FUNCFLAG_FBINDABLE: u16 = 0x4;
pub const FUNCFLAG_FREQUESTEDIT: u16 = 0x8;
pub const FUNCFLAG_FDISPLAYBIND: u16 = 0x10;
pub const FUNCFLAG_FDEFAULTBIND: u16 = 0x20;
pub const FUNCFLAG_FHIDDEN: u16 = 0x40;
pub const FUNCFLAG_FUSESGETLASTERROR: u16 = 0x80;
pub const FUNCFLAG_FDEFAULTCOLLELEM: u16 = 0x100;
pub const FUNCFLAG_FUIDEFAULT: u16 = 0x200;
pub const FUNCFLAG_FNONBROWSABLE: u16 = 0x400;
pub const FUNCFLAG_FREPLACEABLE: u16 = 0x800;
pub const FUNCFLAG_FIMMEDIATEBIND: u16 = 0x1000;

pub const VARFLAG_FREADONLY: u16 = 0x1;
pub const VARFLAG_FSOURCE: u16 = 0x2;
pub const VARFLAG_FBINDABLE: u16 = 0x4;
pub const VARFLAG_FREQUESTEDIT: u16 = 0x8;
pub const VARFLAG_FDISPLAYBIND: u16 = 0x10;
pub const VARFLAG_FDEFAULTBIND: u16 = 0x20;
pub const VARFLAG_FHIDDEN: u16 = 0x40;
pub const VARFLAG_FRESTRICTED: u16 = 0x80;
pub const VARFLAG_FDEFAULTCOLLELEM: u16 = 0x100;
pub const VARFLAG_FUIDEFAULT: u16 = 0x200;
pub const VARFLAG_FNONBROWSABLE: u16 = 0x400;
pub const VARFLAG_FREPLACEABLE: u16 = 0x800;
pub const VARFLAG_FIMMEDIATEBIND: u16 = 0x1000;

pub const INVOKE_FUNC: u8 = 1;
pub const INVOKE_PROPERTYGET: u8 = 2;
pub const INVOKE_PROPERTYPUT: u8 = 4;
pub const INVOKE_PROPERTYPUTREF: u8 = 8;

pub const FUNC_VIRTUAL: u8 = 0;
pub const FUNC_PUREVIRTUAL: u8 = 1;
pub const FUNC_NONVIRTUAL: u8 = 2;
pub const FUNC_STATIC: u8 = 3;
pub const FUNC_DISPATCH: u8 = 4;

pub const VAR_PERINSTANCE: u16 = 0;
pub const VAR_STATIC: u16 = 1;
pub const VAR_CONST: u16 = 2;
pub const VAR_DISPATCH: u16 = 3;

pub const LIBFLAG_FRESTRICTED: u16 = 0x1;
pub const LIBFLAG_FCONTROL: u16 = 0x2;
pub const LIBFLAG_FHIDDEN: u16 = 0x4;
pub const LIBFLAG_FHASDISKIMAGE: u16 = 0x8;

/// The `VT_` name of a base `VARTYPE` (`"VT_I4"`), or `None` if unknown.
pub fn vt_name(vt: u16) -> Option<&'static str> {
    Some(match vt {
        VT_EMPTY => "VT_EMPTY",
        VT_NULL => "VT_NULL",
        VT_I2 => "VT_I2",
        VT_I4 => "VT_I4",
        VT_R4 => "VT_R4",
        VT_R8 => "VT_R8",
        VT_CY => "VT_CY",
        VT_DATE => "VT_DATE",
        VT_BSTR => "VT_BSTR",
        VT_DISPATCH => "VT_DISPATCH",
        VT_ERROR => "VT_ERROR",
        VT_BOOL => "VT_BOOL",
        VT_VARIANT => "VT_VARIANT",
        VT_UNKNOWN => "VT_UNKNOWN",
        VT_DECIMAL => "VT_DECIMAL",
        VT_I1 => "VT_I1",
        VT_UI1 => "VT_UI1",
        VT_UI2 => "VT_UI2",
        VT_UI4 => "VT_UI4",
        VT_I8 => "VT_I8",
        VT_UI8 => "VT_UI8",
        VT_INT => "VT_INT",
        VT_UINT => "VT_UINT",
        VT_VOID => "VT_VOID",
        VT_HRESULT => "VT_HRESULT",
        VT_PTR => "VT_PTR",
        VT_SAFEARRAY => "VT_SAFEARRAY",
        VT_CARRAY => "VT_CARRAY",
        VT_USERDEFINED => "VT_USERDEFINED",
        VT_LPSTR => "VT_LPSTR",
        VT_LPWSTR => "VT_LPWSTR",
        VT_RECORD => "VT_RECORD",
        VT_INT_PTR => "VT_INT_PTR",
        VT_UINT_PTR => "VT_UINT_PTR",
        VT_FILETIME => "VT_FILETIME",
        VT_BLOB => "VT_BLOB",
        VT_CLSID => "VT_CLSID",
        _ => return None,
    })
}
