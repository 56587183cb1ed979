#[comtypes::implement()]
struct Object;

fn main() {}
