use comtypes::{interface, IUnknown, HRESULT};

#[interface("5C6E0001-1111-4000-8000-000000000001")]
unsafe trait IFoo: IUnknown {
    fn Foo(&self) -> HRESULT {
        comtypes::hresult::S_OK
    }
}

fn main() {}
