use comtypes::interfaces::IPersist;

#[comtypes::implement(IPersist)]
struct Object;

fn main() {}
