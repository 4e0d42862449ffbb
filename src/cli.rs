//! Command-line definitions only (clap), with Vietnamese help. No I/O here.

use std::path::PathBuf;

use clap::{ArgAction, Parser, Subcommand};

const HELP_TEMPLATE: &str = "\
{name} {version} — {about}

Cách dùng: {usage}

{all-args}{after-help}";

#[derive(Debug, Parser)]
#[command(
    name = "tonghop",
    version,
    about = "Tổng hợp báo cáo của các cơ quan, đơn vị thành báo cáo PDF theo Nghị định 30/2020/NĐ-CP",
    help_template = HELP_TEMPLATE,
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    subcommand_help_heading = "Lệnh",
    subcommand_value_name = "LỆNH",
    override_usage = "tonghop [TÙY_CHỌN] [LỆNH]",
    after_help = "Không ghi lệnh thì tonghop chạy lệnh \"run\": đọc các tệp trong thư mục input, lập báo cáo vào thư mục output."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Thư mục làm việc (chứa tonghop.toml, input, output); mặc định là thư mục hiện tại
    #[arg(short = 'C', long = "thu-muc", value_name = "THƯ_MỤC", global = true, help_heading = "Tùy chọn chung")]
    pub workspace: Option<PathBuf>,

    /// Tệp cấu hình; mặc định là tonghop.toml trong thư mục làm việc
    #[arg(long = "cau-hinh", value_name = "TỆP", global = true, help_heading = "Tùy chọn chung")]
    pub config: Option<PathBuf>,

    /// Không hiện thanh tiến độ
    #[arg(short, long = "im-lang", global = true, help_heading = "Tùy chọn chung")]
    pub quiet: bool,

    /// In hướng dẫn sử dụng
    #[arg(short = 'h', long = "help", action = ArgAction::Help, global = true, help_heading = "Tùy chọn chung")]
    pub help: Option<bool>,

    /// In phiên bản
    #[arg(short = 'V', long = "version", action = ArgAction::Version, help_heading = "Tùy chọn chung")]
    pub version: Option<bool>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lập báo cáo tổng hợp: đọc input, kiểm tra, tổng hợp, ghi báo cáo PDF vào output
    #[command(help_template = HELP_TEMPLATE, override_usage = "tonghop run [TÙY_CHỌN]")]
    Run {
        /// Thư mục chứa các tệp báo cáo (mặc định theo cấu hình: input)
        #[arg(long = "vao", value_name = "THƯ_MỤC", help_heading = "Tùy chọn")]
        input: Option<PathBuf>,
        /// Thư mục ghi kết quả (mặc định theo cấu hình: output)
        #[arg(long = "ra", value_name = "THƯ_MỤC", help_heading = "Tùy chọn")]
        output: Option<PathBuf>,
    },
    /// Chỉ kiểm tra các tệp trong input và liệt kê sai sót, không lập báo cáo
    #[command(help_template = HELP_TEMPLATE, override_usage = "tonghop check [TÙY_CHỌN]")]
    Check {
        /// Thư mục chứa các tệp báo cáo (mặc định theo cấu hình: input)
        #[arg(long = "vao", value_name = "THƯ_MỤC", help_heading = "Tùy chọn")]
        input: Option<PathBuf>,
    },
    /// Tạo biểu mẫu báo cáo (.xlsx) cho từng cơ quan được giao nhiệm vụ, kèm một biểu mẫu chung
    #[command(help_template = HELP_TEMPLATE, override_usage = "tonghop template [TÙY_CHỌN] [CƠ_QUAN]...")]
    Template {
        /// Tên các cơ quan cần tạo biểu mẫu (bỏ trống: tất cả cơ quan có nhiệm vụ, chỉ tiêu)
        #[arg(value_name = "CƠ_QUAN", help_heading = "Tham số")]
        agencies: Vec<String>,
        /// Thư mục ghi biểu mẫu (mặc định: output/bieu-mau)
        #[arg(long = "ra", value_name = "THƯ_MỤC", help_heading = "Tùy chọn")]
        out: Option<PathBuf>,
        /// Biểu mẫu trống: không điền sẵn các nhiệm vụ đã hoàn thành, thường xuyên theo báo cáo kỳ trước
        #[arg(long = "trong", help_heading = "Tùy chọn")]
        blank: bool,
    },
    /// Lập công văn đôn đốc (PDF) gửi các cơ quan chưa báo cáo hoặc báo cáo còn lỗi
    #[command(help_template = HELP_TEMPLATE, override_usage = "tonghop nhac [TÙY_CHỌN]")]
    Nhac {
        /// Thư mục chứa các tệp báo cáo (mặc định theo cấu hình: input)
        #[arg(long = "vao", value_name = "THƯ_MỤC", help_heading = "Tùy chọn")]
        input: Option<PathBuf>,
        /// Thư mục ghi công văn (mặc định theo cấu hình: output)
        #[arg(long = "ra", value_name = "THƯ_MỤC", help_heading = "Tùy chọn")]
        output: Option<PathBuf>,
        /// Ngày của công văn, ví dụ 26/11/2026 (mặc định theo cấu hình [reminder], hoặc ngày sau hạn báo cáo)
        #[arg(long = "ngay", value_name = "NGÀY", value_parser = parse_date, help_heading = "Tùy chọn")]
        date: Option<chrono::NaiveDate>,
        /// Hạn gửi báo cáo hoặc biểu mẫu đã sửa, ví dụ 28/11/2026 (mặc định: 3 ngày sau ngày công văn)
        #[arg(long = "han", value_name = "NGÀY", value_parser = parse_date, help_heading = "Tùy chọn")]
        deadline: Option<chrono::NaiveDate>,
    },
    /// Tạo bộ tệp báo cáo mẫu (DỮ LIỆU MẪU) của tất cả cơ quan để dùng thử
    #[command(help_template = HELP_TEMPLATE, override_usage = "tonghop sample --ra <THƯ_MỤC> [TÙY_CHỌN]")]
    Sample {
        /// Thư mục ghi các tệp mẫu (phải trống hoặc chưa có)
        #[arg(long = "ra", value_name = "THƯ_MỤC", help_heading = "Tùy chọn")]
        out: PathBuf,
        /// Số khởi tạo ngẫu nhiên: cùng số cho cùng bộ tệp (mặc định: 57)
        #[arg(
            long = "hat-giong",
            value_name = "SỐ",
            default_value_t = 57,
            hide_default_value = true,
            help_heading = "Tùy chọn"
        )]
        seed: u64,
        /// Số cơ quan không gửi báo cáo (mặc định: 3)
        #[arg(
            long = "thieu",
            value_name = "SỐ",
            default_value_t = 3,
            hide_default_value = true,
            help_heading = "Tùy chọn"
        )]
        missing: usize,
        /// Số cơ quan gửi trễ hạn (mặc định: 4)
        #[arg(
            long = "tre",
            value_name = "SỐ",
            default_value_t = 4,
            hide_default_value = true,
            help_heading = "Tùy chọn"
        )]
        late: usize,
        /// Số cơ quan gửi tệp có sai sót (ghi sai tình trạng, bỏ trống tình trạng, ngày không có thật, số liệu bằng chữ) để thử biểu mẫu trả lại (mặc định: 0)
        #[arg(
            long = "loi",
            value_name = "SỐ",
            default_value_t = 0,
            hide_default_value = true,
            help_heading = "Tùy chọn"
        )]
        mistakes: usize,
        /// Số bản sao của toàn bộ danh sách cơ quan (để đo hiệu năng)
        #[arg(long = "ban-sao", value_name = "SỐ", default_value_t = 1, hide = true)]
        copies: usize,
        /// Ghi đáp án (những gì đã ghi vào các tệp) ra tệp JSON này
        #[arg(long = "dap-an", value_name = "TỆP", help_heading = "Tùy chọn")]
        truth: Option<PathBuf>,
    },
    /// Kế hoạch: nhập từ văn bản Word hoặc bảng tính (nhap), xem những gì kế hoạch gồm (xem)
    #[command(
        name = "ke-hoach",
        help_template = HELP_TEMPLATE,
        override_usage = "tonghop ke-hoach <LỆNH>",
        subcommand_value_name = "LỆNH",
        subcommand_help_heading = "Lệnh",
        disable_help_subcommand = true
    )]
    KeHoach {
        #[command(subcommand)]
        action: PlanCommand,
    },
}

/// What `ke-hoach` does.
#[derive(Debug, Subcommand)]
pub enum PlanCommand {
    /// Liệt kê những gì kế hoạch gồm (nhiệm vụ theo phụ lục và nhóm, cơ quan chủ trì, chỉ tiêu, thời hạn,
    /// kỳ báo cáo) để đối chiếu với văn bản kế hoạch
    #[command(help_template = HELP_TEMPLATE, override_usage = "tonghop ke-hoach xem [KẾ_HOẠCH]")]
    Xem {
        /// Tệp kế hoạch .toml hoặc tên kế hoạch có sẵn (mặc định: kế hoạch trong tonghop.toml)
        #[arg(value_name = "KẾ_HOẠCH", help_heading = "Tham số")]
        plan: Option<PathBuf>,
    },
    /// Đọc một kế hoạch từ văn bản (Word .docx, hoặc bảng tính có các bảng phụ lục) và ghi tệp kế hoạch
    /// .toml; những chỗ chưa quyết được được liệt kê và ghi chú ngay tại mục đó trong tệp
    #[command(help_template = HELP_TEMPLATE, override_usage = "tonghop ke-hoach nhap <TỆP> [TÙY_CHỌN]")]
    Nhap {
        /// Văn bản kế hoạch: .docx, .xlsx, .xls hoặc .ods
        #[arg(value_name = "TỆP", help_heading = "Tham số")]
        document: PathBuf,
        /// Tệp kế hoạch ghi ra (mặc định: <mã kế hoạch>.toml trong thư mục làm việc)
        #[arg(long = "ra", value_name = "TỆP", help_heading = "Tùy chọn")]
        out: Option<PathBuf>,
        /// Danh mục cơ quan để đối chiếu tên cơ quan (mặc định: hue)
        #[arg(long = "co-quan", value_name = "TÊN", default_value = "hue", help_heading = "Tùy chọn")]
        registry: String,
        /// Ngày ban hành kế hoạch, khi văn bản không ghi (bảng tính chỉ có các bảng phụ lục): tên cơ
        /// quan được đối chiếu với danh mục vào ngày đó (ví dụ 01/3/2024)
        #[arg(long = "ngay", value_name = "NGÀY", value_parser = parse_date, help_heading = "Tùy chọn")]
        date: Option<chrono::NaiveDate>,
    },
}

/// A clap error said in Vietnamese.
pub fn vietnamese_error(e: &clap::Error) -> String {
    use clap::error::{ContextKind, ErrorKind};
    let ctx = |k: ContextKind| e.get(k).map(|v| v.to_string()).unwrap_or_default();
    match e.kind() {
        ErrorKind::UnknownArgument => {
            format!("không hiểu tham số «{}»", ctx(ContextKind::InvalidArg))
        }
        ErrorKind::InvalidSubcommand => {
            format!(
                "không có lệnh «{}» (các lệnh: run, check, template, nhac, sample)",
                ctx(ContextKind::InvalidSubcommand)
            )
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            format!("giá trị «{}» của {} không hợp lệ", ctx(ContextKind::InvalidValue), ctx(ContextKind::InvalidArg))
        }
        ErrorKind::MissingRequiredArgument => {
            format!("thiếu tham số bắt buộc {}", ctx(ContextKind::InvalidArg))
        }
        ErrorKind::TooManyValues | ErrorKind::ArgumentConflict => {
            format!("tham số {} dùng không đúng cách", ctx(ContextKind::InvalidArg))
        }
        _ => "tham số dòng lệnh không hợp lệ".to_string(),
    }
}

/// A date typed on the command line: 30/11/2026 or 2026-11-30.
pub fn parse_date(text: &str) -> Result<chrono::NaiveDate, String> {
    use chrono::NaiveDate;
    NaiveDate::parse_from_str(text.trim(), "%d/%m/%Y")
        .or_else(|_| NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d"))
        .map_err(|_| format!("ngày «{text}» không hợp lệ; ghi theo dạng ngày/tháng/năm, ví dụ 28/11/2026"))
}
