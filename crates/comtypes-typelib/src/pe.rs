//! Type libraries embedded as `TYPELIB` resources in PE files (.dll, .exe, .ocx, .olb,
//! and .tlb files that are resource-only DLLs). PE parsing is done by the `object` crate.

use crate::error::{Error, Result};
use object::pe;
use object::read::pe::{ImageNtHeaders, PeFile, PeFile32, PeFile64, ResourceDirectory};
use object::read::pe::{ResourceDirectoryEntryData, ResourceNameOrId};
use object::LittleEndian as LE;

/// One `TYPELIB` resource of a PE file.
#[derive(Clone, Copy, Debug)]
pub struct TypeLibResource<'a> {
    /// The resource id (the `\N` suffix `LoadTypeLib` accepts: `hnetcfg.dll\2`).
    pub id: u32,
    /// The bytes of the embedded type library.
    pub data: &'a [u8],
}

/// Is this a PE image (starts with an "MZ" DOS header)?
pub fn is_pe(data: &[u8]) -> bool {
    data.starts_with(b"MZ")
}

/// Lists the `TYPELIB` resources of a PE file, ordered by id (named resources, which
/// `LoadTypeLib` cannot address by number, are skipped).
pub fn typelib_resources(data: &[u8]) -> Result<Vec<TypeLibResource<'_>>> {
    match object::FileKind::parse(data).map_err(|e| Error::Pe(e.to_string()))? {
        object::FileKind::Pe32 => {
            let f = PeFile32::parse(data).map_err(|e| Error::Pe(e.to_string()))?;
            resources(&f, data)
        }
        object::FileKind::Pe64 => {
            let f = PeFile64::parse(data).map_err(|e| Error::Pe(e.to_string()))?;
            resources(&f, data)
        }
        _ => Err(Error::Pe("not a 32- or 64-bit PE image".into())),
    }
}

fn resources<'a, H: ImageNtHeaders>(
    f: &PeFile<'a, H>,
    data: &'a [u8],
) -> Result<Vec<TypeLibResource<'a>>> {
    let pe_err = |e: object::Error| Error::Pe(e.to_string());
    let sections = f.section_table();
    let Some(dir) = f
        .data_directories()
        .resource_directory(data, &sections)
        .map_err(pe_err)?
    else {
        return Ok(Vec::new());
    };
    let root = dir.root().map_err(pe_err)?;
    let mut out = Vec::new();
    for ty in root.entries {
        let ResourceNameOrId::Name(name) = ty.name_or_id() else {
            continue;
        };
        if !name_is(&dir, name, "TYPELIB")? {
            continue;
        }
        let ResourceDirectoryEntryData::Table(ids) = ty.data(dir).map_err(pe_err)? else {
            continue;
        };
        for id_entry in ids.entries {
            let ResourceNameOrId::Id(id) = id_entry.name_or_id() else {
                continue;
            };
            // Under the id: a language table, or directly the data.
            let leaf = match id_entry.data(dir).map_err(pe_err)? {
                ResourceDirectoryEntryData::Data(d) => d,
                ResourceDirectoryEntryData::Table(langs) => {
                    let Some(first) = langs.entries.first() else {
                        continue;
                    };
                    match first.data(dir).map_err(pe_err)? {
                        ResourceDirectoryEntryData::Data(d) => d,
                        ResourceDirectoryEntryData::Table(_) => {
                            return Err(Error::Pe("resource tree nested too deep".into()))
                        }
                    }
                }
            };
            let rva = leaf.offset_to_data.get(LE);
            let size = leaf.size.get(LE) as usize;
            let bytes = sections
                .pe_data_at(data, rva)
                .and_then(|b| b.get(..size))
                .ok_or_else(|| Error::Pe(format!("TYPELIB resource {id} lies outside the file")))?;
            out.push(TypeLibResource {
                id: id as u32,
                data: bytes,
            });
        }
    }
    out.sort_by_key(|r| r.id);
    Ok(out)
}

fn name_is(
    dir: &ResourceDirectory<'_>,
    name: object::read::pe::ResourceName,
    want: &str,
) -> Result<bool> {
    let raw = name.data(*dir).map_err(|e| Error::Pe(e.to_string()))?;
    Ok(raw.len() == want.len()
        && raw
            .iter()
            .zip(want.bytes())
            .all(|(c, w)| c.get(LE) == w as u16))
}

// Keeps the `pe` module import meaningful for readers: resource type names are UTF-16.
const _: u16 = pe::RT_RCDATA;
