use comtypes::interfaces::IDispatch;

#[comtypes::implement(IDispatch)]
struct Object;

#[comtypes::dispatch]
impl Object {
    #[dispatch(propput)]
    fn set_name(&self) {}
}

fn main() {}
