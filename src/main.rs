fn main() -> std::process::ExitCode {
    orgline::cli::run()
}
