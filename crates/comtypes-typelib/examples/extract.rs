//! Writes the type library image of a file (a PE file's TYPELIB resource) to another
//! file: `extract IN OUT [RESOURCE_ID]`, e.g. to feed `winedump -j tlb`.
fn main() {
    let a: Vec<String> = std::env::args().skip(1).collect();
    assert!(a.len() >= 2, "usage: extract IN OUT [RESOURCE_ID]");
    let data = std::fs::read(&a[0]).expect("read");
    let id = a.get(2).map(|s| s.parse().expect("resource id"));
    let image = comtypes_typelib::locate(&data, id).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&a[1], image).expect("write");
}
