use comtypes::interfaces::{IPersist, IPersist_Impl};

#[comtypes::implement(IPersist)]
struct Object<T>(T);

fn main() {}
