use comtypes::interfaces::IDispatch;

#[comtypes::implement(IDispatch)]
struct Object;

#[comtypes::dispatch]
impl Object {
    #[dispatch(method)]
    fn run(&self) {}
}

fn main() {}
