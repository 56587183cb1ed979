use comtypes::{interface, IUnknown, HRESULT};

#[interface]
unsafe trait IFoo: IUnknown {
    fn Foo(&self) -> HRESULT;
}

fn main() {}
