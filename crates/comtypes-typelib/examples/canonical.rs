//! Prints the canonical text of a type library: `canonical FILE [RESOURCE_ID]`.
fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: canonical FILE [RESOURCE_ID]");
    let id = args.next().map(|s| s.parse::<u32>().expect("resource id"));
    let data = std::fs::read(&path).expect("read file");
    match comtypes_typelib::read_index(&data, id) {
        Ok(lib) => print!("{}", comtypes_typelib::canonical::to_text(&lib)),
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    }
}
