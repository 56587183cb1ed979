use comtypes::{interface, Bstr, IUnknown, HRESULT};

#[interface("5C6E0001-1111-4000-8000-000000000001")]
unsafe trait IFoo: IUnknown {
    fn Name(&self, name: Bstr) -> HRESULT;
}

fn main() {}
