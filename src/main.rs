//! The `tonghop` binary: parse arguments, dispatch, map the outcome to an exit code.
//!
//! Exit codes: 0 report (or check) done with no problem; 1 done, with problems in the input to
//! look at; 2 nothing produced (bad arguments, config, plan, or a failure of the run itself).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use tonghop::cli::{vietnamese_error, Cli, Command, PlanCommand};
use tonghop::cmd::{self, Outcome};

/// The system allocator with a heap cap that only a reading worker sets (see `ingest::isolate`).
#[global_allocator]
static ALLOC: tonghop::ingest::isolate::CappedAlloc = tonghop::ingest::isolate::CappedAlloc;

fn main() -> ExitCode {
    // A worker process reads workbooks for its parent and never reaches the CLI.
    tonghop::ingest::isolate::serve_if_worker();
    // `tonghop check | head`: the reader went away; the rest of the output has nowhere to go,
    // and that is not an error to show (println! panics on a closed pipe).
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let text = info.payload().downcast_ref::<String>().map(String::as_str).unwrap_or("");
        if text.contains("failed printing to stdout") || text.contains("failed printing to stderr") {
            std::process::exit(0);
        }
        default_hook(info);
    }));
    let program = std::env::current_exe().ok();
    if let Some(exe) = &program {
        tonghop::ingest::isolate::use_workers(exe.clone());
    }
    tonghop::launch::console::utf8();
    // Double-clicked in Explorer: no arguments, and a console window of tonghop's own.
    let no_arguments = std::env::args_os().len() == 1;
    let own_window = no_arguments && tonghop::launch::console::own_window();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(
                e.kind(),
                ErrorKind::DisplayHelp
                    | ErrorKind::DisplayVersion
                    | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            ) {
                let _ = e.print();
                return ExitCode::SUCCESS;
            }
            eprintln!("Lỗi: {}.", vietnamese_error(&e));
            eprintln!("Gõ \"tonghop --help\" để xem hướng dẫn.");
            return ExitCode::from(2);
        }
    };
    let current = PathBuf::from(".");
    let root = tonghop::launch::workspace(cli.workspace.as_deref(), no_arguments, &current, program.as_deref());
    let config = cli.config.as_deref();
    let result = match cli.command.unwrap_or(Command::Run { input: None, output: None }) {
        Command::Run { input, output } => {
            cmd::run::run(&root, config, cmd::run::RunArgs { input, output, quiet: cli.quiet })
        }
        Command::Template { agencies, out, blank } => {
            cmd::template::template(&root, config, cmd::template::TemplateArgs { agencies, out, blank })
        }
        Command::Nhac { input, output, date, deadline } => cmd::remind::remind(
            &root,
            config,
            cmd::remind::RemindArgs { input, output, date, deadline, quiet: cli.quiet },
        ),
        Command::Check { input } => cmd::check::check(&root, config, input, cli.quiet),
        Command::Sample { out, seed, missing, late, copies, mistakes, truth } => cmd::sample::sample(
            &root,
            config,
            cmd::sample::SampleArgs { out, seed, missing, late, copies, mistakes, truth },
        ),
        Command::KeHoach { action: PlanCommand::Xem { plan } } => cmd::plan::show(&root, config, plan),
        Command::KeHoach { action: PlanCommand::Nhap { document, out, registry, date } } => {
            cmd::plan::import(&root, &document, out, &registry, date)
        }
    };
    let code = match result {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Problems) => ExitCode::from(1),
        Err(e) => {
            eprintln!("Lỗi: {}", error_text(&e));
            ExitCode::from(2)
        }
    };
    if own_window {
        let output = tonghop::config::Config::load(&root, None).ok().map(|c| c.output_dir());
        tonghop::launch::finish_in_own_window(output.as_deref());
    }
    code
}

/// An error and its causes in one Vietnamese sentence: a system error said by its cause, and a
/// cause already said by the one above it not said again.
fn error_text(e: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in e.chain() {
        let text = match cause.downcast_ref::<std::io::Error>() {
            Some(io) => tonghop::files::io_text(io),
            None => cause.to_string(),
        };
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
    }
    parts.join(": ")
}
