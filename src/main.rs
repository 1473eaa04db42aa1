// mimalloc, tuned; why: see `orgline::alloc`.
#[global_allocator]
static ALLOC: orgline::alloc::Allocator = orgline::alloc::Allocator;

fn main() -> std::process::ExitCode {
    orgline::cli::run()
}
