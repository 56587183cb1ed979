use comtypes::interfaces::{IPersist, IPersist_Impl};
use comtypes::Guid;

#[comtypes::implement(IPersist)]
struct Object;

impl IPersist_Impl for Object {
    fn GetClassID(&self) -> Guid {
        Guid::NULL
    }
}

fn main() {}
