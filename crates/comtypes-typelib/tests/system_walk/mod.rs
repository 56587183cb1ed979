//! Walks a type library loaded by the system (`LoadTypeLibEx`) through `ITypeLib` /
//! `ITypeInfo(2)` into `comtypes_typelib`'s model, so `canonical::to_text` renders the
//! system's view and our reader's view of one file in the same format.
//!
//! Used by `tests/wine_differential.rs` (the differential test and its bench; Windows only).
#![allow(dead_code)]

use comtypes::typeinfo::{self as ti, ITypeInfo, ITypeInfo2, ITypeLib, MEMBERID_NIL};
use comtypes::variant::VARIANT;
use comtypes::Interface;
use comtypes_typelib::consts::*;
use comtypes_typelib::*;
use std::result::Result;
use std::sync::Arc;

/// Pointer size of this process: the system reports vtable offsets and sizes in it.
const PROCESS_PTR: u32 = core::mem::size_of::<usize>() as u32;

/// Facts the interfaces report that the canonical text cannot hold as such (a
/// dispinterface whose `impl 0` differs from the library's IDispatch, ...): each is a
/// difference between the system and the model the canonical text is rendered from.
pub type Notes = Vec<String>;

fn guid(g: &comtypes::Guid) -> Guid {
    Guid::from_le_bytes(g.to_bytes_le())
}

fn err(what: &str, e: comtypes::Error) -> String {
    format!("{what}: {e}")
}

struct Walker<'a> {
    lib: &'a ITypeLib,
    libid: Guid,
    lib_version: (u16, u16),
    lib_ptr: u32,
    imports: Vec<ImportedLib>,
    notes: Notes,
}

/// The model of `lib` as the system's interfaces describe it, and the notes.
pub fn walk(lib: &ITypeLib) -> Result<(TypeLib, Notes), String> {
    let attr = lib.lib_attr().map_err(|e| err("GetLibAttr", e))?;
    let syskind = match attr.syskind {
        ti::SYS_WIN16 => SysKind::Win16,
        ti::SYS_WIN32 => SysKind::Win32,
        ti::SYS_MAC => SysKind::Mac,
        _ => SysKind::Win64,
    };
    let mut w = Walker {
        lib,
        libid: guid(&attr.guid),
        lib_version: (attr.wMajorVerNum, attr.wMinorVerNum),
        lib_ptr: syskind.pointer_size(),
        imports: Vec::new(),
        notes: Vec::new(),
    };
    let d = lib
        .documentation(-1)
        .map_err(|e| err("ITypeLib::GetDocumentation", e))?;
    let lib2 = lib.lib2().map_err(|e| err("ITypeLib2", e))?;
    let d2 = lib2
        .documentation2(-1, 0)
        .map_err(|e| err("ITypeLib2::GetDocumentation2", e))?;
    let custom = custom(lib2.all_cust_data()).map_err(|e| err("lib GetAllCustData", e))?;

    let mut types = Vec::new();
    let mut dispatch: Option<TypeRef> = None;
    for i in 0..lib.GetTypeInfoCount() {
        let info = lib
            .GetTypeInfo(i)
            .map_err(|e| err(&format!("GetTypeInfo({i})"), e))?;
        let t = w
            .type_info(&info, &mut dispatch)
            .map_err(|e| format!("type {i}: {e}"))?;
        types.push(t);
    }
    let model = TypeLib {
        name: d.name.to_string_lossy().into(),
        doc: opt(&d.doc),
        help_file: opt(&d.help_file),
        help_context: d.help_context,
        help_string_context: d2.help_string_context,
        help_string_dll: opt(&d2.help_string_dll),
        guid: Some(w.libid),
        version: Version {
            major: attr.wMajorVerNum,
            minor: attr.wMinorVerNum,
        },
        lcid: attr.lcid,
        // The header's first locale: no interface reports it (the canonical text
        // does not show it).
        build_lcid: 0,
        syskind,
        flags: attr.wLibFlags,
        dispatch,
        custom,
        imports: w.imports,
        types,
    };
    Ok((model, w.notes))
}

fn opt(b: &comtypes::Bstr) -> Option<String> {
    (!b.as_ptr().is_null()).then(|| b.to_string_lossy())
}

fn custom(data: comtypes::Result<ti::CustData>) -> comtypes::Result<Vec<CustomData>> {
    Ok(data?
        .items()
        .iter()
        .map(|c| CustomData {
            guid: guid(&c.guid),
            value: value(&c.varValue),
        })
        .collect())
}

/// A VARIANT as the model's value.
pub fn value(v: &VARIANT) -> Value {
    // The payload is read through a byte pointer, by the type `vt` selects (the same
    // 8 bytes, whatever the union's field names are).
    let p = core::ptr::addr_of!(v.data) as *const u8;
    // SAFETY: the payload is at least 8 bytes; every read below is within them.
    unsafe {
        let r8 = |_: ()| core::ptr::read_unaligned(p as *const f64);
        let i8_ = || core::ptr::read_unaligned(p as *const i64);
        let i4 = || core::ptr::read_unaligned(p as *const i32);
        let i2 = || core::ptr::read_unaligned(p as *const i16);
        match v.vt {
            VT_EMPTY => Value::Empty,
            VT_NULL => Value::Null,
            VT_I2 => Value::I2(i2()),
            VT_I4 => Value::I4(i4()),
            VT_R4 => Value::R4(core::ptr::read_unaligned(p as *const f32)),
            VT_R8 => Value::R8(r8(())),
            VT_CY => Value::Cy(i8_()),
            VT_DATE => Value::Date(r8(())),
            VT_BSTR => {
                let b = core::ptr::read_unaligned(p as *const *const u16);
                Value::Bstr(if b.is_null() {
                    None
                } else {
                    // The BSTR's length prefix counts bytes (embedded NULs included).
                    let len = *(b as *const u32).sub(1) as usize / 2;
                    Some(String::from_utf16_lossy(core::slice::from_raw_parts(
                        b, len,
                    )))
                })
            }
            VT_ERROR => Value::Error(i4()),
            VT_BOOL => Value::Bool(i2()),
            VT_I1 => Value::I1(*p as i8),
            VT_UI1 => Value::Ui1(*p),
            VT_UI2 => Value::Ui2(i2() as u16),
            VT_UI4 => Value::Ui4(i4() as u32),
            VT_I8 => Value::I8(i8_()),
            VT_UI8 => Value::Ui8(i8_() as u64),
            VT_INT => Value::Int(i4()),
            VT_UINT => Value::Uint(i4() as u32),
            VT_HRESULT => Value::Hresult(i4()),
            VT_VOID => Value::Void(i4()),
            vt => Value::Unsupported(vt),
        }
    }
}

impl Walker<'_> {
    /// Pointer-size-scaled bytes as the library stores them, from the process's bytes.
    fn scale(&self, bytes: i64) -> i64 {
        bytes / PROCESS_PTR as i64 * self.lib_ptr as i64
    }

    /// `cbSizeVft` in the library's pointer size. Wine 8 reports it as stored for a
    /// library of another pointer size (a 32-bit library, such as the MIDL ones, in
    /// this 64-bit process), while it scales `oVft` to this process's pointers: a
    /// quirk of Wine's, not a fact of the file, so it is undone here in the walker
    /// and our reader's model keeps the stored sizes. This suite runs under Wine only;
    /// on Windows the rule may need to be revisited.
    fn vft_size(&self, bytes: u16) -> u16 {
        if self.lib_ptr != PROCESS_PTR {
            bytes
        } else {
            self.scale(bytes as i64) as u16
        }
    }

    fn type_info(
        &mut self,
        info: &ITypeInfo,
        dispatch: &mut Option<TypeRef>,
    ) -> Result<TypeInfo, String> {
        let info2: ITypeInfo2 = info.cast().map_err(|e| err("ITypeInfo2", e))?;
        let attr = info.type_attr().map_err(|e| err("GetTypeAttr", e))?;
        let d = info
            .documentation(MEMBERID_NIL)
            .map_err(|e| err("GetDocumentation", e))?;
        let d2 = info2
            .documentation2(MEMBERID_NIL, 0)
            .map_err(|e| err("GetDocumentation2", e))?;
        let kind = TypeKind::from_value(attr.typekind)
            .ok_or_else(|| format!("TYPEKIND {}", attr.typekind))?;
        let custom = custom(info2.all_cust_data()).map_err(|e| err("GetAllCustData", e))?;
        let mut t = TypeInfo {
            name: d.name.to_string_lossy().into(),
            kind,
            guid: Some(guid(&attr.guid)),
            flags: attr.wTypeFlags,
            version: Version {
                major: attr.wMajorVerNum,
                minor: attr.wMinorVerNum,
            },
            doc: opt(&d.doc),
            help_context: d.help_context,
            help_string_context: d2.help_string_context,
            size: attr.cbSizeInstance,
            alignment: attr.cbAlignment,
            vtable_size: self.vft_size(attr.cbSizeVft),
            impl_types: Vec::new(),
            funcs: Vec::new(),
            vars: Vec::new(),
            alias: None,
            dll_name: None,
            custom,
        };
        if kind == TypeKind::Alias {
            t.alias = Some(self.typedesc(info, &attr.tdescAlias)?);
        }
        if kind == TypeKind::Dispatch {
            if attr.cImplTypes > 0 {
                let href = info
                    .GetRefTypeOfImplType(0)
                    .map_err(|e| err("dispatch GetRefTypeOfImplType(0)", e))?;
                let base = self.typeref(info, href)?;
                let flags = info
                    .GetImplTypeFlags(0)
                    .map_err(|e| err("dispatch GetImplTypeFlags(0)", e))?;
                if flags != 0 {
                    self.notes
                        .push(format!("{}: impl 0 flags={flags:#04x}", t.name));
                }
                match dispatch {
                    Some(d) if *d != base => self.notes.push(format!(
                        "{}: impl 0 ref={base:?}, another dispinterface's is {d:?}",
                        t.name
                    )),
                    Some(_) => {}
                    None => *dispatch = Some(base),
                }
            }
            if attr.wTypeFlags & TYPEFLAG_FDUAL != 0 {
                // The interface view holds the functions the file stores.
                let view = info
                    .impl_type_info(u32::MAX)
                    .map_err(|e| err("GetRefTypeOfImplType(-1)", e))?;
                let vattr = view.type_attr().map_err(|e| err("view GetTypeAttr", e))?;
                t.vtable_size = self.vft_size(vattr.cbSizeVft);
                t.impl_types = self.impl_types(&view, vattr.cImplTypes)?;
                t.funcs = self.funcs(&view, vattr.cFuncs, kind)?.0;
            } else {
                t.funcs = self.funcs(info, attr.cFuncs, kind)?.0;
            }
        } else {
            t.impl_types = self.impl_types(info, attr.cImplTypes)?;
            let (funcs, dll) = self.funcs(info, attr.cFuncs, kind)?;
            t.funcs = funcs;
            t.dll_name = dll;
        }
        t.vars = self.vars(info, attr.cVars)?;
        Ok(t)
    }

    fn impl_types(&mut self, info: &ITypeInfo, n: u16) -> Result<Vec<ImplType>, String> {
        let info2: ITypeInfo2 = info.cast().map_err(|e| err("ITypeInfo2", e))?;
        (0..n as u32)
            .map(|j| {
                let href = info
                    .GetRefTypeOfImplType(j)
                    .map_err(|e| err(&format!("GetRefTypeOfImplType({j})"), e))?;
                Ok(ImplType {
                    interface: self.typeref(info, href)?,
                    flags: info
                        .GetImplTypeFlags(j)
                        .map_err(|e| err("GetImplTypeFlags", e))? as u32,
                    custom: custom(info2.all_impl_type_cust_data(j))
                        .map_err(|e| err("GetAllImplTypeCustData", e))?,
                })
            })
            .collect()
    }

    #[allow(clippy::type_complexity)]
    fn funcs(
        &mut self,
        info: &ITypeInfo,
        n: u16,
        kind: TypeKind,
    ) -> Result<(Vec<Function>, Option<String>), String> {
        let info2: ITypeInfo2 = info.cast().map_err(|e| err("ITypeInfo2", e))?;
        let mut out = Vec::with_capacity(n as usize);
        let mut dll_name = None;
        for j in 0..n as u32 {
            let fd = info
                .func_desc(j)
                .map_err(|e| err(&format!("GetFuncDesc({j})"), e))?;
            let names = info
                .names(fd.memid, fd.params().len() + 1)
                .map_err(|e| err(&format!("GetNames({:#x})", fd.memid), e))?;
            let d = info
                .documentation(fd.memid)
                .map_err(|e| err("func GetDocumentation", e))?;
            let d2 = info2
                .documentation2(fd.memid, 0)
                .map_err(|e| err("func GetDocumentation2", e))?;
            let mut entry = None;
            if kind == TypeKind::Module {
                let e = info
                    .dll_entry(fd.memid, fd.invkind)
                    .map_err(|e| err("GetDllEntry", e))?;
                let dll = opt(&e.dll);
                if dll_name.is_none() {
                    dll_name = dll.clone();
                } else if dll_name != dll {
                    self.notes.push(format!("func {j}: dll {dll:?}"));
                }
                entry = Some(match opt(&e.name) {
                    Some(n) => DllEntry::Name(n),
                    None => DllEntry::Ordinal(e.ordinal),
                });
            }
            let mut params = Vec::new();
            for (k, p) in fd.params().iter().enumerate() {
                // SAFETY: parameters carry a PARAMDESC.
                let pd = unsafe { p.u.paramdesc };
                let default = if pd.wParamFlags & PARAMFLAG_FHASDEFAULT != 0 {
                    // SAFETY: with FHASDEFAULT the PARAMDESCEX is owned by the FUNCDESC.
                    unsafe { pd.pparamdescex.as_ref() }.map(|x| value(&x.varDefaultValue))
                } else {
                    None
                };
                params.push(Param {
                    name: names.get(k + 1).map(Name::from),
                    typ: self.typedesc(info, &p.tdesc)?,
                    flags: pd.wParamFlags,
                    default,
                    custom: custom(info2.all_param_cust_data(j, k as u32))
                        .map_err(|e| err("GetAllParamCustData", e))?,
                });
            }
            out.push(Function {
                name: names.first().map(Name::from).unwrap_or_default(),
                memid: fd.memid,
                func_kind: fd.funckind as u8,
                invoke_kind: fd.invkind as u8,
                call_conv: fd.callconv as u8,
                vtable_offset: self.scale(fd.oVft as i64) as u16,
                flags: fd.wFuncFlags,
                ret: self.typedesc(info, &fd.elemdescFunc.tdesc)?,
                params,
                optional_params: fd.cParamsOpt,
                doc: opt(&d.doc),
                help_context: d.help_context,
                help_string_context: d2.help_string_context,
                entry,
                custom: custom(info2.all_func_cust_data(j))
                    .map_err(|e| err("GetAllFuncCustData", e))?,
            });
        }
        Ok((out, dll_name))
    }

    fn vars(&mut self, info: &ITypeInfo, n: u16) -> Result<Vec<Variable>, String> {
        let info2: ITypeInfo2 = info.cast().map_err(|e| err("ITypeInfo2", e))?;
        let mut out = Vec::with_capacity(n as usize);
        for j in 0..n as u32 {
            let vd = info
                .var_desc(j)
                .map_err(|e| err(&format!("GetVarDesc({j})"), e))?;
            let d = info
                .documentation(vd.memid)
                .map_err(|e| err("var GetDocumentation", e))?;
            let d2 = info2
                .documentation2(vd.memid, 0)
                .map_err(|e| err("var GetDocumentation2", e))?;
            let val = match vd.value() {
                Some(v) => VarValue::Const(value(v)),
                // SAFETY: not VAR_CONST: the union holds the offset.
                None => VarValue::Offset(unsafe { vd.u.oInst }),
            };
            out.push(Variable {
                name: d.name.to_string_lossy().into(),
                memid: vd.memid,
                var_kind: vd.varkind as u16,
                flags: vd.wVarFlags,
                typ: self.typedesc(info, &vd.elemdescVar.tdesc)?,
                value: val,
                doc: opt(&d.doc),
                help_context: d.help_context,
                help_string_context: d2.help_string_context,
                custom: custom(info2.all_var_cust_data(j))
                    .map_err(|e| err("GetAllVarCustData", e))?,
            });
        }
        Ok(out)
    }

    fn typedesc(&mut self, info: &ITypeInfo, t: &ti::TYPEDESC) -> Result<TypeDesc, String> {
        // SAFETY: each arm reads the union member `vt` selects; the pointers belong to
        // the live FUNCDESC / VARDESC / TYPEATTR `t` is part of.
        unsafe {
            Ok(match t.vt {
                ti::VT_PTR => TypeDesc::Ptr(Arc::new(self.typedesc(info, &*t.u.lptdesc)?)),
                ti::VT_SAFEARRAY => {
                    TypeDesc::SafeArray(Arc::new(self.typedesc(info, &*t.u.lptdesc)?))
                }
                ti::VT_CARRAY => {
                    let a = &*t.u.lpadesc;
                    TypeDesc::CArray {
                        elem: Arc::new(self.typedesc(info, &a.tdescElem)?),
                        bounds: a
                            .bounds()
                            .iter()
                            .map(|b| ArrayBound {
                                elements: b.cElements,
                                lower: b.lLbound,
                            })
                            .collect(),
                    }
                }
                ti::VT_USERDEFINED => TypeDesc::UserDefined(self.typeref(info, t.u.hreftype)?),
                vt => TypeDesc::Base(vt),
            })
        }
    }

    /// `<index>:<name>` for this library's types, `<LIBID>:<GUID>` (or `#<index>` for a
    /// type without GUID) for imported ones.
    fn typeref(&mut self, info: &ITypeInfo, href: u32) -> Result<TypeRef, String> {
        let target = info
            .GetRefTypeInfo(href)
            .map_err(|e| err(&format!("GetRefTypeInfo({href:#x})"), e))?;
        let (lib, index) = target
            .GetContainingTypeLib()
            .map_err(|e| err("GetContainingTypeLib", e))?;
        let lattr = lib.lib_attr().map_err(|e| err("ref GetLibAttr", e))?;
        let libid = guid(&lattr.guid);
        let same = lib.as_raw() == self.lib.as_raw()
            || (libid == self.libid
                && (lattr.wMajorVerNum, lattr.wMinorVerNum) == self.lib_version);
        if same {
            let d = target
                .documentation(MEMBERID_NIL)
                .map_err(|e| err("ref GetDocumentation", e))?;
            return Ok(TypeRef::Local {
                index,
                name: d.name.to_string_lossy().into(),
            });
        }
        let tattr = target.type_attr().map_err(|e| err("ref GetTypeAttr", e))?;
        let lib_index = match self.imports.iter().position(|i| i.guid == libid) {
            Some(p) => p,
            None => {
                self.imports.push(ImportedLib {
                    guid: libid,
                    version: Version {
                        major: lattr.wMajorVerNum,
                        minor: lattr.wMinorVerNum,
                    },
                    lcid: lattr.lcid,
                    file_name: String::new(),
                });
                self.imports.len() - 1
            }
        };
        let g = guid(&tattr.guid);
        Ok(TypeRef::Imported {
            lib: lib_index as u32,
            target: if g == Guid::default() {
                ImportTarget::Index(index)
            } else {
                ImportTarget::Guid(g)
            },
            kind: tattr.typekind as u8,
        })
    }
}
