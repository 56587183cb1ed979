use comtypes::{interface, HRESULT};

#[interface("5C6E0001-1111-4000-8000-000000000001")]
unsafe trait IFoo {
    fn Foo(&self) -> HRESULT;
}

fn main() {}
