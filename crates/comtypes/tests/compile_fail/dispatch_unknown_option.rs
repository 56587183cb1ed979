use comtypes::interfaces::IDispatch;

#[comtypes::implement(IDispatch)]
struct Object;

#[comtypes::dispatch]
impl Object {
    #[dispatch(method)]
    fn run(&self) -> i32 {
        1
    }
}

fn main() {
    // The block's methods still exist: only the attribute's error is reported.
    let _ = Object.run();
}
