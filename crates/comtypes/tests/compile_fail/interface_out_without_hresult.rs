use comtypes::{interface, IUnknown};

#[interface("5C6E0001-1111-4000-8000-000000000001")]
unsafe trait IFoo: IUnknown {
    fn Foo(&self, #[out] value: *mut u32) -> u32;
}

fn main() {}
