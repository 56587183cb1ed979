use comtypes::interfaces::IDispatch;

#[comtypes::implement(IDispatch)]
struct Object;

#[comtypes::dispatch]
impl Object {
    #[dispatch(name = "Größe")]
    fn size(&self) -> i32 {
        1
    }
    #[dispatch(name = "GRÖßE")]
    fn size_again(&self) -> i32 {
        2
    }
}

fn main() {}
