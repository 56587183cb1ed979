//! Prints a one-line summary of each type library given on the command line
//! (every `TYPELIB` resource of a PE file).
fn main() {
    for path in std::env::args().skip(1) {
        let data = match std::fs::read(&path) {
            Ok(d) => d,
            Err(e) => {
                println!("{path}: {e}");
                continue;
            }
        };
        let ids: Vec<Option<u32>> = if comtypes_typelib::pe::is_pe(&data) {
            match comtypes_typelib::pe::typelib_resources(&data) {
                Ok(r) => r.iter().map(|r| Some(r.id)).collect(),
                Err(e) => {
                    println!("{path}: {e}");
                    continue;
                }
            }
        } else {
            vec![None]
        };
        for id in ids {
            match comtypes_typelib::read_index(&data, id) {
                Ok(lib) => {
                    let funcs: usize = lib.types.iter().map(|t| t.funcs.len()).sum();
                    let vars: usize = lib.types.iter().map(|t| t.vars.len()).sum();
                    println!(
                        "{path} {id:?}: {} {} v{} types={} funcs={funcs} vars={vars} imports={}",
                        lib.name,
                        lib.guid.map(|g| g.to_string()).unwrap_or_default(),
                        lib.version,
                        lib.types.len(),
                        lib.imports.len()
                    );
                }
                Err(e) => println!("{path} {id:?}: ERROR {e}"),
            }
        }
    }
}
