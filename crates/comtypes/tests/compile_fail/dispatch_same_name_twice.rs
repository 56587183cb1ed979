use comtypes::interfaces::IDispatch;

#[comtypes::implement(IDispatch)]
struct Object;

#[comtypes::dispatch]
impl Object {
    fn run(&self) {}
    #[dispatch(name = "RUN")]
    fn run_again(&self) {}
}

fn main() {}
