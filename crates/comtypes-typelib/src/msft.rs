//! Reader of the MSFT type-library format (the one `ICreateTypeLib2`, MIDL and widl write).
//!
//! Layout facts come from public descriptions of the format; every offset read is
//! bounds-checked, every count is capped by the size of the structure that holds it,
//! and every chain walk is capped by the size of its segment, so corrupt input gives
//! an [`Error`] and never a panic, an endless loop or an unbounded allocation.

use crate::consts::*;
use crate::error::{Error, Result};
use crate::model::*;
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

/// "MSFT", little-endian.
pub(crate) const MSFT_MAGIC: u32 = 0x5446_534D;
/// "SLTG", little-endian.
pub(crate) const SLTG_MAGIC: u32 = 0x4754_4C53;

const HEADER_SIZE: usize = 0x54;
const TYPEINFO_SIZE: usize = 0x64;
const SEGDIR_COUNT: usize = 15;
const HELPDLL_FLAG: u32 = 0x100;
const MAX_TYPEDESC_DEPTH: u32 = 64;

/// Segment indexes in the segment directory.
mod seg {
    pub const TYPEINFO: usize = 0;
    pub const IMPINFO: usize = 1;
    pub const IMPFILES: usize = 2;
    pub const REFTAB: usize = 3;
    pub const GUIDTAB: usize = 5;
    pub const NAMETAB: usize = 7;
    pub const STRINGTAB: usize = 8;
    pub const TYPEDESC: usize = 9;
    pub const ARRAYDESC: usize = 10;
    pub const CUSTDATA: usize = 11;
    pub const CDGUIDS: usize = 12;
}

#[derive(Clone, Copy, Default)]
struct Seg {
    off: usize,
    len: usize,
    present: bool,
}

struct Ctx<'a> {
    d: &'a [u8],
    segs: [Seg; SEGDIR_COUNT],
    /// Raw type descriptions: (vt word, 32-bit payload).
    typedescs: Vec<(u16, i32)>,
    /// Type descriptions decoded so far, by index, with their height (see
    /// [`Ctx::tdesc_h`]): each is decoded once and its uses share it.
    tdesc_cache: RefCell<Vec<Option<(TypeDesc, u32)>>>,
    /// Import file offsets (relative to the segment), in order.
    import_offsets: Vec<usize>,
    /// Per import, in the same order: whether it names this library itself (its LIBID
    /// and version), as stdole2.tlb imports its own IDispatch.
    self_imports: Vec<bool>,
    /// This library's types by GUID (the first type with each GUID), filled only when
    /// there is a self-import: its references resolve to these.
    own_guids: HashMap<Guid, u32>,
    type_names: Vec<Name>,
    /// Names decoded so far, by name-table offset / 4 (entries are 4-byte aligned):
    /// each entry is decoded once and its uses share it (see [`Name`]).
    names: RefCell<Vec<Option<Name>>>,
    /// Work budget in bytes of structure visited, proportional to the file size:
    /// structures shared between owners (which a real file never does) cannot make
    /// the reader quadratic.
    budget: std::cell::Cell<usize>,
}

fn rd_u32(d: &[u8], off: usize, what: &'static str) -> Result<u32> {
    match off.checked_add(4).and_then(|end| d.get(off..end)) {
        Some(b) => Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]])),
        None => Err(Error::OutOfBounds {
            what,
            offset: off as u64,
        }),
    }
}

fn rd_i32(d: &[u8], off: usize, what: &'static str) -> Result<i32> {
    rd_u32(d, off, what).map(|v| v as i32)
}

fn rd_u16(d: &[u8], off: usize, what: &'static str) -> Result<u16> {
    match off.checked_add(2).and_then(|end| d.get(off..end)) {
        Some(b) => Ok(u16::from_le_bytes([b[0], b[1]])),
        None => Err(Error::OutOfBounds {
            what,
            offset: off as u64,
        }),
    }
}

fn rd_u64(d: &[u8], off: usize, what: &'static str) -> Result<u64> {
    let lo = rd_u32(d, off, what)? as u64;
    let hi = rd_u32(d, off + 4, what)? as u64;
    Ok(lo | (hi << 32))
}

fn bytes<'a>(d: &'a [u8], off: usize, len: usize, what: &'static str) -> Result<&'a [u8]> {
    off.checked_add(len)
        .and_then(|end| d.get(off..end))
        .ok_or(Error::OutOfBounds {
            what,
            offset: off as u64,
        })
}

/// Decodes the library's 8-bit strings as Windows-1252 (the ANSI code page of an
/// English system, which is what `LoadTypeLib` uses there). ASCII, by far the most
/// common, is borrowed as is.
pub(crate) fn decode_ansi(b: &[u8]) -> Cow<'_, str> {
    if b.is_ascii() {
        if let Ok(s) = std::str::from_utf8(b) {
            return Cow::Borrowed(s);
        }
    }
    const HIGH: [u16; 32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
        0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ];
    Cow::Owned(
        b.iter()
            .map(|&c| match c {
                0x80..=0x9F => {
                    char::from_u32(HIGH[(c - 0x80) as usize] as u32).unwrap_or('\u{FFFD}')
                }
                _ => c as char,
            })
            .collect(),
    )
}

impl<'a> Ctx<'a> {
    fn charge(&self, n: usize) -> Result<()> {
        let left = self.budget.get();
        if n > left {
            return Err(Error::TooLarge {
                what: "total size of structures visited",
                value: (self.d.len() as u64).saturating_mul(4),
            });
        }
        self.budget.set(left - n);
        Ok(())
    }

    fn seg_slice(&self, s: usize) -> &'a [u8] {
        let sg = self.segs[s];
        if !sg.present {
            return &[];
        }
        &self.d[sg.off..sg.off + sg.len]
    }

    // The cache hit (most calls) inlines into the callers; decoding does not.
    #[inline]
    fn name(&self, rel: i32) -> Result<Option<Name>> {
        if rel < 0 {
            return Ok(None);
        }
        if rel % 4 == 0 {
            if let Some(Some(n)) = self.names.borrow().get(rel as usize / 4) {
                return Ok(Some(n.clone()));
            }
        }
        self.decode_name(rel as usize).map(Some)
    }

    #[inline(never)]
    fn decode_name(&self, rel: usize) -> Result<Name> {
        // A misaligned offset (corrupt file) is decoded each time, never cached.
        let slot = if rel % 4 == 0 { Some(rel / 4) } else { None };
        let t = self.seg_slice(seg::NAMETAB);
        let len = rd_u32(t, rel + 8, "name table entry")? & 0xff;
        let b = bytes(t, rel + 12, len as usize, "name")?;
        let n = Name::from(&*decode_ansi(b));
        if let Some(i) = slot {
            if let Some(s) = self.names.borrow_mut().get_mut(i) {
                *s = Some(n.clone());
            }
        }
        Ok(n)
    }

    fn string(&self, rel: i32) -> Result<Option<String>> {
        if rel < 0 {
            return Ok(None);
        }
        let t = self.seg_slice(seg::STRINGTAB);
        let rel = rel as usize;
        let len = rd_u16(t, rel, "string table entry")?;
        let b = bytes(t, rel + 2, len as usize, "string")?;
        Ok(Some(decode_ansi(b).into_owned()))
    }

    fn guid(&self, rel: i32) -> Result<Option<Guid>> {
        if rel < 0 {
            return Ok(None);
        }
        let t = self.seg_slice(seg::GUIDTAB);
        let b = bytes(t, rel as usize, 16, "GUID")?;
        let mut a = [0u8; 16];
        a.copy_from_slice(b);
        Ok(Some(Guid::from_le_bytes(a)))
    }

    fn href(&self, href: i32) -> Result<TypeRef> {
        if href < 0 {
            return Err(Error::Invalid {
                what: "type reference",
                value: href as i64,
            });
        }
        match href & 3 {
            0 => {
                let index = href as usize / TYPEINFO_SIZE;
                match self.type_names.get(index) {
                    Some(name) if href as usize % TYPEINFO_SIZE == 0 => Ok(TypeRef::Local {
                        index: index as u32,
                        name: name.clone(),
                    }),
                    _ => Err(Error::Invalid {
                        what: "type reference",
                        value: href as i64,
                    }),
                }
            }
            1 => {
                let t = self.seg_slice(seg::IMPINFO);
                let off = (href & !3) as usize;
                let flags = rd_u32(t, off, "import info")?;
                let ofile = rd_i32(t, off + 4, "import info")?;
                let oguid = rd_i32(t, off + 8, "import info")?;
                let lib = usize::try_from(ofile)
                    .ok()
                    .and_then(|f| self.import_offsets.binary_search(&f).ok())
                    .ok_or(Error::Invalid {
                        what: "import file reference",
                        value: ofile as i64,
                    })?;
                let target = if flags & 0x1_0000 != 0 {
                    ImportTarget::Guid(self.guid(oguid)?.ok_or(Error::Invalid {
                        what: "imported type GUID offset",
                        value: oguid as i64,
                    })?)
                } else {
                    ImportTarget::Index(oguid as u32)
                };
                if self.self_imports[lib] {
                    // The system loads the imported library, which is this one, and
                    // finds the type there: `GetContainingTypeLib` names this library.
                    let local = match target {
                        ImportTarget::Guid(g) => self.own_guids.get(&g).copied(),
                        ImportTarget::Index(n) => (n < self.type_names.len() as u32).then_some(n),
                    };
                    if let Some(index) = local {
                        return Ok(TypeRef::Local {
                            index,
                            name: self.type_names[index as usize].clone(),
                        });
                    }
                }
                Ok(TypeRef::Imported {
                    lib: lib as u32,
                    target,
                    kind: (flags >> 24) as u8,
                })
            }
            _ => Err(Error::Invalid {
                what: "type reference",
                value: href as i64,
            }),
        }
    }

    // Base types and cache hits (most calls) inline into the callers; decoding does not.
    #[inline]
    fn tdesc(&self, t: i32, depth: u32) -> Result<TypeDesc> {
        if t < 0 {
            return Ok(TypeDesc::Base((t as u32 & VT_TYPEMASK as u32) as u16));
        }
        if let Some(Some((d, h))) = self.tdesc_cache.borrow().get(t as usize / 8) {
            if depth + h - 1 <= MAX_TYPEDESC_DEPTH {
                return Ok(d.clone());
            }
        }
        self.tdesc_h(t, depth).map(|(d, _)| d)
    }

    /// The type description at offset `t`, reached `depth` levels deep, and its height:
    /// how many stored descriptions its chain visits. A cached description is only
    /// reused where walking it again would stay within [`MAX_TYPEDESC_DEPTH`], so
    /// sharing never lets a chain of shared descriptions nest deeper than the cap.
    #[inline(never)]
    fn tdesc_h(&self, t: i32, depth: u32) -> Result<(TypeDesc, u32)> {
        if t < 0 {
            return Ok((TypeDesc::Base((t as u32 & VT_TYPEMASK as u32) as u16), 0));
        }
        let nesting = Error::Invalid {
            what: "type description nesting",
            value: t as i64,
        };
        let idx = t as usize / 8;
        if let Some(Some((d, h))) = self.tdesc_cache.borrow().get(idx) {
            // Walking it would visit depths `depth..depth + h`.
            if depth + h - 1 > MAX_TYPEDESC_DEPTH {
                return Err(nesting);
            }
            return Ok((d.clone(), *h));
        }
        if depth > MAX_TYPEDESC_DEPTH {
            return Err(nesting);
        }
        let &(vt, val) = self.typedescs.get(idx).ok_or(Error::Invalid {
            what: "type description offset",
            value: t as i64,
        })?;
        let vt = vt & VT_TYPEMASK;
        let (desc, height) = match vt {
            VT_PTR | VT_SAFEARRAY => {
                let (inner, h) = self.tdesc_h(val, depth + 1)?;
                let inner = Arc::new(inner);
                let d = if vt == VT_PTR {
                    TypeDesc::Ptr(inner)
                } else {
                    TypeDesc::SafeArray(inner)
                };
                (d, h + 1)
            }
            VT_CARRAY => {
                let a = self.seg_slice(seg::ARRAYDESC);
                let off = val as usize;
                if val < 0 {
                    return Err(Error::Invalid {
                        what: "array description offset",
                        value: val as i64,
                    });
                }
                let elem_t = rd_i32(a, off, "array description")?;
                let ndims = rd_u16(a, off + 4, "array description")? as usize;
                // Each bound takes 8 bytes: the segment caps the count.
                if ndims.saturating_mul(8) > a.len() {
                    return Err(Error::TooLarge {
                        what: "array dimensions",
                        value: ndims as u64,
                    });
                }
                let mut bounds = Vec::with_capacity(ndims);
                for i in 0..ndims {
                    let b = off + 8 + i * 8;
                    bounds.push(ArrayBound {
                        elements: rd_u32(a, b, "array bound")?,
                        lower: rd_i32(a, b + 4, "array bound")?,
                    });
                }
                let (elem, h) = self.tdesc_h(elem_t, depth + 1)?;
                let d = TypeDesc::CArray {
                    elem: Arc::new(elem),
                    bounds,
                };
                (d, h + 1)
            }
            VT_USERDEFINED => (TypeDesc::UserDefined(self.href(val)?), 1),
            other => (TypeDesc::Base(other), 1),
        };
        if let Some(slot) = self.tdesc_cache.borrow_mut().get_mut(idx) {
            *slot = Some((desc.clone(), height));
        }
        Ok((desc, height))
    }

    fn value(&self, off: i32) -> Result<Value> {
        if off < 0 {
            let vt = ((off as u32 & 0x7c00_0000) >> 26) as u16;
            let v = (off as u32 & 0x03ff_ffff) as u64;
            return Ok(typed_value(vt, v));
        }
        let t = self.seg_slice(seg::CUSTDATA);
        let off = off as usize;
        let vt = rd_u16(t, off, "value")?;
        Ok(match vt {
            VT_EMPTY | VT_NULL | VT_I2 | VT_I4 | VT_R4 | VT_ERROR | VT_BOOL | VT_I1 | VT_UI1
            | VT_UI2 | VT_UI4 | VT_INT | VT_UINT | VT_VOID | VT_HRESULT => {
                typed_value(vt, rd_u32(t, off + 2, "value")? as u64)
            }
            VT_R8 | VT_CY | VT_DATE | VT_I8 | VT_UI8 => {
                typed_value(vt, rd_u64(t, off + 2, "value")?)
            }
            VT_BSTR => {
                let len = rd_i32(t, off + 2, "string value")?;
                if len == -1 {
                    Value::Bstr(None)
                } else if len < 0 {
                    return Err(Error::Invalid {
                        what: "string value length",
                        value: len as i64,
                    });
                } else {
                    let b = bytes(t, off + 6, len as usize, "string value")?;
                    Value::Bstr(Some(decode_ansi(b).into_owned()))
                }
            }
            other => Value::Unsupported(other),
        })
    }

    fn custom(&self, mut off: i32) -> Result<Vec<CustomData>> {
        let mut out = Vec::new();
        if !self.segs[seg::CDGUIDS].present {
            return Ok(out);
        }
        let t = self.seg_slice(seg::CDGUIDS);
        // Each entry is 12 bytes: a longer chain must loop.
        let max = t.len() / 12 + 1;
        while off >= 0 {
            if out.len() >= max {
                return Err(Error::Invalid {
                    what: "custom data chain (loops)",
                    value: off as i64,
                });
            }
            self.charge(12)?;
            let o = off as usize;
            let goff = rd_i32(t, o, "custom data entry")?;
            let doff = rd_i32(t, o + 4, "custom data entry")?;
            let next = rd_i32(t, o + 8, "custom data entry")?;
            let guid = self.guid(goff)?.ok_or(Error::Invalid {
                what: "custom data GUID offset",
                value: goff as i64,
            })?;
            out.push(CustomData {
                guid,
                value: self.value(doff)?,
            });
            off = next;
        }
        Ok(out)
    }
}

fn typed_value(vt: u16, v: u64) -> Value {
    let v32 = v as u32;
    match vt {
        VT_EMPTY => Value::Empty,
        VT_NULL => Value::Null,
        VT_I2 => Value::I2(v32 as u16 as i16),
        VT_I4 => Value::I4(v32 as i32),
        VT_R4 => Value::R4(f32::from_bits(v32)),
        VT_R8 => Value::R8(f64::from_bits(v)),
        VT_CY => Value::Cy(v as i64),
        VT_DATE => Value::Date(f64::from_bits(v)),
        VT_ERROR => Value::Error(v32 as i32),
        VT_BOOL => Value::Bool(v32 as u16 as i16),
        VT_I1 => Value::I1(v32 as u8 as i8),
        VT_UI1 => Value::Ui1(v32 as u8),
        VT_UI2 => Value::Ui2(v32 as u16),
        VT_UI4 => Value::Ui4(v32),
        VT_I8 => Value::I8(v as i64),
        VT_UI8 => Value::Ui8(v),
        VT_INT => Value::Int(v32 as i32),
        VT_UINT => Value::Uint(v32),
        VT_HRESULT => Value::Hresult(v32 as i32),
        VT_VOID => Value::Void(v32 as i32),
        other => Value::Unsupported(other),
    }
}

fn sys_kind(v: u32) -> Result<SysKind> {
    Ok(match v {
        0 => SysKind::Win16,
        1 => SysKind::Win32,
        2 => SysKind::Mac,
        3 => SysKind::Win64,
        _ => {
            return Err(Error::Invalid {
                what: "syskind",
                value: v as i64,
            })
        }
    })
}

/// Reads an MSFT image (the bytes start with "MSFT").
pub(crate) fn parse(d: &[u8]) -> Result<TypeLib> {
    if rd_u32(d, 0, "header")? != MSFT_MAGIC {
        return Err(Error::UnknownFormat);
    }
    let h = |off: usize| rd_i32(d, off, "header");
    let varflags = h(0x14)? as u32;
    let ntypes = h(0x20)?;
    if ntypes < 0 || (ntypes as usize).saturating_mul(TYPEINFO_SIZE) > d.len() {
        return Err(Error::TooLarge {
            what: "type info count",
            value: ntypes as u64,
        });
    }
    let ntypes = ntypes as usize;
    let helpdll = varflags & HELPDLL_FLAG != 0;
    let segdir = HEADER_SIZE + ntypes * 4 + if helpdll { 4 } else { 0 };

    let mut segs = [Seg::default(); SEGDIR_COUNT];
    for (i, s) in segs.iter_mut().enumerate() {
        let base = segdir + i * 16;
        let off = rd_i32(d, base, "segment directory")?;
        let len = rd_i32(d, base + 4, "segment directory")?;
        if i < 2 && rd_i32(d, base + 12, "segment directory")? != 0x0F {
            return Err(Error::Invalid {
                what: "segment directory marker",
                value: rd_i32(d, base + 12, "segment directory")? as i64,
            });
        }
        if off < 0 || len <= 0 {
            continue;
        }
        let (off, len) = (off as usize, len as usize);
        if off.checked_add(len).is_none_or(|end| end > d.len()) {
            return Err(Error::OutOfBounds {
                what: "segment",
                offset: off as u64,
            });
        }
        *s = Seg {
            off,
            len,
            present: true,
        };
    }

    let mut cx = Ctx {
        d,
        segs,
        typedescs: Vec::new(),
        tdesc_cache: RefCell::new(Vec::new()),
        import_offsets: Vec::new(),
        self_imports: Vec::new(),
        own_guids: HashMap::new(),
        type_names: Vec::with_capacity(ntypes),
        // Every entry takes at least 12 bytes: one slot per 4 bytes covers them all.
        names: RefCell::new(vec![None; segs[seg::NAMETAB].len / 4]),
        budget: std::cell::Cell::new(d.len().saturating_mul(4).saturating_add(4096)),
    };

    // Type descriptions: 8 bytes each, resolved lazily.
    let td = cx.seg_slice(seg::TYPEDESC);
    cx.typedescs = td
        .chunks_exact(8)
        .map(|c| {
            (
                u16::from_le_bytes([c[0], c[1]]),
                i32::from_le_bytes([c[4], c[5], c[6], c[7]]),
            )
        })
        .collect();
    cx.tdesc_cache = RefCell::new(vec![None; cx.typedescs.len()]);

    // Imported libraries.
    let lib_guid = cx.guid(h(0x08)?)?;
    let version = h(0x18)? as u32;
    let lib_version = Version {
        major: version as u16,
        minor: (version >> 16) as u16,
    };
    let mut imports = Vec::new();
    {
        let t = cx.seg_slice(seg::IMPFILES);
        let mut off = 0usize;
        while off < t.len() {
            let goff = rd_i32(t, off, "import file")?;
            let lcid = rd_u32(t, off + 4, "import file")?;
            let major = rd_u16(t, off + 8, "import file")?;
            let minor = rd_u16(t, off + 10, "import file")?;
            let size = (rd_u16(t, off + 12, "import file")? >> 2) as usize;
            let name = bytes(t, off + 14, size, "import file name")?;
            let guid = cx.guid(goff)?.ok_or(Error::Invalid {
                what: "import file GUID offset",
                value: goff as i64,
            })?;
            cx.import_offsets.push(off);
            cx.self_imports
                .push(Some(guid) == lib_guid && Version { major, minor } == lib_version);
            imports.push(ImportedLib {
                guid,
                version: Version { major, minor },
                lcid,
                file_name: decode_ansi(name).into_owned(),
            });
            off = (off + 14 + size + 3) & !3;
        }
    }

    // Type info bases, and the names, first: references need the names.
    let ti = cx.seg_slice(seg::TYPEINFO);
    if ntypes * TYPEINFO_SIZE > ti.len() {
        return Err(Error::TooLarge {
            what: "type info count",
            value: ntypes as u64,
        });
    }
    for i in 0..ntypes {
        let b = i * TYPEINFO_SIZE;
        let name = cx.name(rd_i32(ti, b + 0x34, "type info")?)?;
        cx.type_names.push(name.unwrap_or_default());
    }
    if cx.self_imports.contains(&true) {
        for i in 0..ntypes {
            if let Some(g) = cx.guid(rd_i32(ti, i * TYPEINFO_SIZE + 0x2c, "type info")?)? {
                cx.own_guids.entry(g).or_insert(i as u32);
            }
        }
    }

    let syskind = sys_kind(varflags & 0xf)?;
    let mut lib = TypeLib {
        name: cx.name(h(0x38)?)?.unwrap_or_default(),
        doc: cx.string(h(0x24)?)?,
        help_file: cx.string(h(0x3c)?)?,
        help_context: h(0x2c)? as u32,
        help_string_context: h(0x28)? as u32,
        help_string_dll: if helpdll {
            cx.string(h(HEADER_SIZE)?)?
        } else {
            None
        },
        guid: lib_guid,
        version: lib_version,
        lcid: h(0x10)? as u32,
        build_lcid: h(0x0c)? as u32,
        syskind,
        flags: h(0x1c)? as u16,
        dispatch: match h(0x4c)? {
            -1 => None,
            href => Some(cx.href(href)?),
        },
        custom: cx.custom(h(0x40)?)?,
        imports,
        types: Vec::with_capacity(ntypes),
    };

    for i in 0..ntypes {
        let t = read_typeinfo(&cx, i)?;
        lib.types.push(t);
    }
    Ok(lib)
}

fn read_typeinfo(cx: &Ctx<'_>, i: usize) -> Result<TypeInfo> {
    let ti = cx.seg_slice(seg::TYPEINFO);
    let b = i * TYPEINFO_SIZE;
    let f = |o: usize| rd_i32(ti, b + o, "type info");
    let raw_kind = f(0)? as u32;
    let kind = TypeKind::from_value(raw_kind & 0xf).ok_or(Error::Invalid {
        what: "type kind",
        value: raw_kind as i64,
    })?;
    let memoffset = f(0x04)?;
    let celement = f(0x18)? as u32;
    let nfuncs = (celement & 0xffff) as usize;
    let nvars = (celement >> 16) as usize;
    let version = f(0x38)? as u32;
    let impl_vft = f(0x4c)? as u32;
    let cimpl = (impl_vft & 0xffff) as u16 as i16;
    let datatype1 = f(0x54)?;

    let mut t = TypeInfo {
        name: cx.type_names[i].clone(),
        kind,
        guid: cx.guid(f(0x2c)?)?,
        flags: f(0x30)? as u16,
        version: Version {
            major: version as u16,
            minor: (version >> 16) as u16,
        },
        doc: cx.string(f(0x3c)?)?,
        help_string_context: f(0x40)? as u32,
        help_context: f(0x44)? as u32,
        size: f(0x50)? as u32,
        alignment: ((raw_kind >> 11) & 0x1f) as u16,
        vtable_size: (impl_vft >> 16) as u16,
        impl_types: Vec::new(),
        funcs: Vec::new(),
        vars: Vec::new(),
        alias: None,
        dll_name: None,
        custom: cx.custom(f(0x48)?)?,
    };

    match kind {
        TypeKind::Alias => t.alias = Some(cx.tdesc(datatype1, 0)?),
        TypeKind::Module => t.dll_name = cx.string(datatype1)?,
        _ => {}
    }

    if cimpl > 0 {
        match kind {
            TypeKind::Coclass => {
                let r = cx.seg_slice(seg::REFTAB);
                let mut off = datatype1;
                for _ in 0..cimpl {
                    if off < 0 {
                        break;
                    }
                    cx.charge(16)?;
                    let o = off as usize;
                    let href = rd_i32(r, o, "implemented interface")?;
                    let flags = rd_u32(r, o + 4, "implemented interface")?;
                    let ocust = rd_i32(r, o + 8, "implemented interface")?;
                    t.impl_types.push(ImplType {
                        interface: cx.href(href)?,
                        flags,
                        custom: cx.custom(ocust)?,
                    });
                    off = rd_i32(r, o + 12, "implemented interface")?;
                }
            }
            TypeKind::Dispatch if datatype1 == -1 => {}
            _ => t.impl_types.push(ImplType {
                interface: cx.href(datatype1)?,
                flags: 0,
                custom: Vec::new(),
            }),
        }
    }

    if nfuncs + nvars > 0 {
        read_members(cx, &mut t, memoffset, nfuncs, nvars)?;
    }
    Ok(t)
}

fn read_members(
    cx: &Ctx<'_>,
    t: &mut TypeInfo,
    memoffset: i32,
    nfuncs: usize,
    nvars: usize,
) -> Result<()> {
    let d = cx.d;
    if memoffset < 0 {
        return Err(Error::Invalid {
            what: "member offset",
            value: memoffset as i64,
        });
    }
    let base = memoffset as usize;
    let infolen = rd_i32(d, base, "member info length")?;
    if infolen < 0 {
        return Err(Error::Invalid {
            what: "member info length",
            value: infolen as i64,
        });
    }
    let recs_start = base + 4;
    let recs_end = recs_start
        .checked_add(infolen as usize)
        .filter(|&e| e <= d.len())
        .ok_or(Error::OutOfBounds {
            what: "member records",
            offset: base as u64,
        })?;
    let n = nfuncs + nvars;
    // Three arrays of n 4-byte entries follow the records: they must fit in the file,
    // which caps n.
    let arrays = recs_end;
    if n.saturating_mul(12).saturating_add(arrays) > d.len() {
        return Err(Error::TooLarge {
            what: "member count",
            value: n as u64,
        });
    }
    let memid = |i: usize| rd_i32(d, arrays + i * 4, "member id");
    let name_off = |i: usize| rd_i32(d, arrays + (n + i) * 4, "member name");
    let rec_off = |i: usize| rd_i32(d, arrays + (2 * n + i) * 4, "member record offset");
    let recs = &d[recs_start..recs_end];

    t.funcs.reserve(nfuncs);
    let mut pos = 0usize;
    for i in 0..nfuncs {
        let r = |o: usize| rd_i32(recs, pos + o, "function record");
        let reclen = (r(0)? as u32 & 0xffff) as usize;
        if reclen < 24 || pos + reclen > recs.len() {
            return Err(Error::Invalid {
                what: "function record length",
                value: reclen as i64,
            });
        }
        cx.charge(reclen + 12)?;
        let rec = &recs[pos..pos + reclen];
        let g = |o: usize| rd_i32(rec, o, "function record");
        let datatype = g(4)?;
        let flags = g(8)? as u16;
        let vt_off = rd_u16(rec, 12, "function record")?;
        let fkccic = g(16)? as u32;
        let nargs = rd_u16(rec, 20, "function record")? as i16;
        let noptargs = rd_u16(rec, 22, "function record")? as i16;
        if nargs < 0 {
            return Err(Error::Invalid {
                what: "parameter count",
                value: nargs as i64,
            });
        }
        let nargs = nargs as usize;
        let has_defaults = fkccic & 0x1000 != 0;
        let per_arg = if has_defaults { 16 } else { 12 };
        let optional = reclen
            .checked_sub(nargs * per_arg)
            .filter(|&o| o >= 24)
            .ok_or(Error::TooLarge {
                what: "parameter count",
                value: nargs as u64,
            })?;
        let opt = |o: usize| -> Result<Option<i32>> {
            if optional > o {
                g(o).map(Some)
            } else {
                Ok(None)
            }
        };
        let has_cust = fkccic & 0x80 != 0;
        let entry = match opt(32)? {
            Some(e) if fkccic & 0x2000 != 0 => Some(DllEntry::Ordinal(e as u16)),
            Some(e) => cx.string(e)?.map(DllEntry::Name),
            None => None,
        };
        let mut name = cx.name(name_off(i)?)?;
        if name.is_none() {
            // The second half of a property get/put pair may omit its name.
            let inv = ((fkccic >> 3) & 0xf) as u8;
            if let Some(prev) = t.funcs.last() {
                if is_prop(prev.invoke_kind) && is_prop(inv) {
                    name = Some(prev.name.clone());
                }
            }
        }
        let mut params = Vec::with_capacity(nargs);
        for j in 0..nargs {
            let p = reclen - (nargs - j) * 12;
            let ptype = g(p)?;
            let pname = g(p + 4)?;
            let pflags = g(p + 8)? as u16;
            let default = if pflags & PARAMFLAG_FHASDEFAULT != 0 && has_defaults {
                let dv = g(reclen - nargs * 16 + j * 4)?;
                Some(cx.value(dv)?)
            } else {
                None
            };
            let custom = if has_cust && optional > 52 + j * 4 {
                cx.custom(g(52 + j * 4)?)?
            } else {
                Vec::new()
            };
            params.push(Param {
                name: cx.name(pname)?,
                typ: cx.tdesc(ptype, 0)?,
                flags: pflags,
                default,
                custom,
            });
        }
        t.funcs.push(Function {
            name: name.unwrap_or_default(),
            memid: memid(i)?,
            func_kind: (fkccic & 0x7) as u8,
            invoke_kind: ((fkccic >> 3) & 0xf) as u8,
            call_conv: ((fkccic >> 8) & 0xf) as u8,
            vtable_offset: vt_off & !1,
            flags,
            ret: cx.tdesc(datatype, 0)?,
            params,
            optional_params: noptargs,
            doc: match opt(28)? {
                Some(s) => cx.string(s)?,
                None => None,
            },
            help_context: opt(24)?.unwrap_or(0) as u32,
            help_string_context: opt(44)?.unwrap_or(0) as u32,
            entry,
            custom: match opt(48)? {
                Some(c) if has_cust => cx.custom(c)?,
                _ => Vec::new(),
            },
        });
        pos += reclen;
    }

    if nvars > 0 {
        let first = rec_off(nfuncs)?;
        if first < 0 {
            return Err(Error::Invalid {
                what: "variable record offset",
                value: first as i64,
            });
        }
        let mut pos = first as usize;
        t.vars.reserve(nvars);
        for i in 0..nvars {
            let reclen = (rd_u32(recs, pos, "variable record")? & 0xff) as usize;
            if reclen < 20 || pos + reclen > recs.len() {
                return Err(Error::Invalid {
                    what: "variable record length",
                    value: reclen as i64,
                });
            }
            cx.charge(reclen + 12)?;
            let rec = &recs[pos..pos + reclen];
            let g = |o: usize| rd_i32(rec, o, "variable record");
            let opt = |o: usize| -> Result<Option<i32>> {
                if reclen > o {
                    g(o).map(Some)
                } else {
                    Ok(None)
                }
            };
            let var_kind = rd_u16(rec, 12, "variable record")?;
            let offs = g(16)?;
            t.vars.push(Variable {
                name: cx.name(name_off(nfuncs + i)?)?.unwrap_or_default(),
                memid: memid(nfuncs + i)?,
                var_kind,
                flags: g(8)? as u16,
                typ: cx.tdesc(g(4)?, 0)?,
                value: if var_kind == VAR_CONST {
                    VarValue::Const(cx.value(offs)?)
                } else {
                    VarValue::Offset(offs as u32)
                },
                doc: match opt(24)? {
                    Some(s) => cx.string(s)?,
                    None => None,
                },
                help_context: opt(20)?.unwrap_or(0) as u32,
                help_string_context: opt(36)?.unwrap_or(0) as u32,
                custom: match opt(32)? {
                    Some(c) => cx.custom(c)?,
                    None => Vec::new(),
                },
            });
            pos += reclen;
        }
    }
    Ok(())
}

fn is_prop(inv: u8) -> bool {
    matches!(
        inv,
        INVOKE_PROPERTYGET | INVOKE_PROPERTYPUT | INVOKE_PROPERTYPUTREF
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A context over nothing but a chain of `n` `VT_PTR` descriptions, entry `i`
    /// pointing to entry `i + 1` and the last to `VT_I4`.
    fn ptr_chain(n: usize) -> Ctx<'static> {
        let typedescs: Vec<(u16, i32)> = (0..n)
            .map(|i| {
                let next = if i + 1 < n {
                    (i as i32 + 1) * 8
                } else {
                    (0x8000_0000u32 | VT_I4 as u32) as i32
                };
                (VT_PTR, next)
            })
            .collect();
        Ctx {
            d: &[],
            segs: [Seg::default(); SEGDIR_COUNT],
            tdesc_cache: RefCell::new(vec![None; n]),
            typedescs,
            import_offsets: Vec::new(),
            self_imports: Vec::new(),
            own_guids: HashMap::new(),
            type_names: Vec::new(),
            names: RefCell::new(Vec::new()),
            budget: std::cell::Cell::new(0),
        }
    }

    fn nesting(d: &TypeDesc) -> usize {
        match d {
            TypeDesc::Ptr(i) => 1 + nesting(i),
            _ => 0,
        }
    }

    #[test]
    fn shared_descriptions_keep_the_nesting_cap() {
        let cap = MAX_TYPEDESC_DEPTH as usize;
        // A chain as long as the cap allows decodes, whether cached or not.
        let cx = ptr_chain(cap + 1);
        assert_eq!(nesting(&cx.tdesc(0, 0).unwrap()), cap + 1);
        assert_eq!(nesting(&cx.tdesc(0, 0).unwrap()), cap + 1);
        assert!(cx.tdesc(0, 1).is_err());
        // One entry longer is refused, even when its tail was decoded (and cached) first:
        // reusing the tail must not nest deeper than walking it would.
        let cx = ptr_chain(cap + 2);
        assert!(cx.tdesc(8 * (cap as i32 / 2), 0).is_ok());
        assert!(cx.tdesc(0, 0).is_err());
        assert!(ptr_chain(cap + 2).tdesc(0, 0).is_err());
    }
}
