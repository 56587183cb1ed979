use comtypes::interfaces::IDispatch;

#[comtypes::implement(IDispatch)]
struct Object;

#[comtypes::dispatch]
impl Object {
    fn bump(&self, n: Option<&mut i32>) {
        if let Some(n) = n {
            *n += 1;
        }
    }
}

fn main() {}
