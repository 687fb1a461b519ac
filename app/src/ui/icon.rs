use leptos::prelude::*;

/// The icon set: 24×24 stroked outlines drawn for Prospecta (one visual language everywhere).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IconName {
    Home,
    Database,
    Megaphone,
    Chat,
    Calendar,
    Receipt,
    CreditCard,
    Settings,
    Bell,
    Logout,
    Menu,
    Close,
    Check,
    CheckCircle,
    Alert,
    Info,
    Users,
    Shield,
    Mail,
    Sparkles,
    ArrowRight,
    Chart,
    Search,
    Target,
    Lock,
    Clock,
    Form,
    Plus,
    ChevronDown,
    MapPin,
    Split,
    Server,
    Ban,
    Eye,
    Euro,
    Hash,
    Play,
    Pause,
}

impl IconName {
    fn paths(self) -> &'static [&'static str] {
        match self {
            IconName::Home => &["M3 10.5 12 3l9 7.5", "M5 9.5V20h5v-6h4v6h5V9.5"],
            IconName::Database => &[
                "M4 6c0-1.7 3.6-3 8-3s8 1.3 8 3-3.6 3-8 3-8-1.3-8-3Z",
                "M4 6v12c0 1.7 3.6 3 8 3s8-1.3 8-3V6",
                "M4 12c0 1.7 3.6 3 8 3s8-1.3 8-3",
            ],
            IconName::Megaphone => &[
                "M3 10v4a1 1 0 0 0 1 1h3l6 4V5L7 9H4a1 1 0 0 0-1 1Z",
                "M17 8.5a5 5 0 0 1 0 7",
                "M19.5 6a8.5 8.5 0 0 1 0 12",
            ],
            IconName::Chat => &["M4 5h16v11H9l-5 4V5Z", "M8 9.5h8", "M8 12.5h5"],
            IconName::Calendar => &["M4 6h16v14H4z", "M4 10h16", "M8 3v5", "M16 3v5"],
            IconName::Receipt => &["M6 3h12v18l-3-2-3 2-3-2-3 2V3Z", "M9 8h6", "M9 12h6", "M9 16h3"],
            IconName::CreditCard => {
                &["M3 7a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V7Z", "M3 10h18", "M7 15h3"]
            }
            IconName::Settings => &[
                "M12 15.5a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7Z",
                "M19.4 13a7.7 7.7 0 0 0 0-2l2-1.6-2-3.4-2.4 1a7.6 7.6 0 0 0-1.7-1L15 3.5h-4l-.4 2.5a7.6 7.6 0 0 0-1.7 1l-2.4-1-2 3.4 2 1.6a7.7 7.7 0 0 0 0 2l-2 1.6 2 3.4 2.4-1a7.6 7.6 0 0 0 1.7 1l.4 2.5h4l.4-2.5a7.6 7.6 0 0 0 1.7-1l2.4 1 2-3.4-2-1.6Z",
            ],
            IconName::Bell => &["M6 10a6 6 0 1 1 12 0c0 5 2 6.5 2 6.5H4S6 15 6 10Z", "M10 19.5a2 2 0 0 0 4 0"],
            IconName::Logout => &["M15 4h4v16h-4", "M10 8l-4 4 4 4", "M6 12h10"],
            IconName::Menu => &["M4 6h16", "M4 12h16", "M4 18h16"],
            IconName::Close => &["M6 6l12 12", "M18 6 6 18"],
            IconName::Check => &["M5 12.5l4.5 4.5L19 7"],
            IconName::CheckCircle => &["M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18Z", "M8 12.5l2.5 2.5L16 9.5"],
            IconName::Alert => &["M12 3 2 20h20L12 3Z", "M12 10v4", "M12 17h.01"],
            IconName::Info => &["M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18Z", "M12 11v5", "M12 8h.01"],
            IconName::Users => &[
                "M9 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7Z",
                "M2.5 20a6.5 6.5 0 0 1 13 0",
                "M16 4.5a3.5 3.5 0 0 1 0 6.5",
                "M18 14a6.5 6.5 0 0 1 3.5 6",
            ],
            IconName::Shield => &["M12 3 4 6v6c0 5 3.5 8 8 9 4.5-1 8-4 8-9V6l-8-3Z", "M9 12l2 2 4-4"],
            IconName::Mail => &["M3 6h18v12H3z", "M3 7l9 6 9-6"],
            IconName::Sparkles => &[
                "M12 3l1.8 4.7L18.5 9.5l-4.7 1.8L12 16l-1.8-4.7L5.5 9.5l4.7-1.8L12 3Z",
                "M19 15l.8 2.2L22 18l-2.2.8L19 21l-.8-2.2L16 18l2.2-.8L19 15Z",
            ],
            IconName::ArrowRight => &["M5 12h14", "M13 6l6 6-6 6"],
            IconName::Chart => &["M4 20V4", "M4 20h16", "M8 16v-4", "M12 16V8", "M16 16v-6"],
            IconName::Search => &["M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14Z", "M20 20l-4-4"],
            IconName::Target => {
                &["M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18Z", "M12 16a4 4 0 1 0 0-8 4 4 0 0 0 0 8Z", "M12 12h.01"]
            }
            IconName::Lock => &["M5 11h14v10H5z", "M8 11V7a4 4 0 0 1 8 0v4"],
            IconName::Clock => &["M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18Z", "M12 7v5l3 2"],
            IconName::Form => &["M5 3h14v18H5z", "M8 7h8", "M8 11h8", "M8 15h4"],
            IconName::Plus => &["M12 5v14", "M5 12h14"],
            IconName::ChevronDown => &["M6 9l6 6 6-6"],
            IconName::MapPin => &[
                "M12 21s-7-6.2-7-11.5a7 7 0 0 1 14 0C19 14.8 12 21 12 21Z",
                "M12 12a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5Z",
            ],
            IconName::Split => {
                &["M6 3v5c0 3.3 2.7 6 6 6s6-2.7 6-6V3", "M12 14v7", "M3.5 5.5 6 3l2.5 2.5", "M15.5 5.5 18 3l2.5 2.5"]
            }
            IconName::Server => &["M4 4h16v6H4z", "M4 14h16v6H4z", "M8 7h.01", "M8 17h.01", "M12 7h4", "M12 17h4"],
            IconName::Ban => &["M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18Z", "M5.6 5.6l12.8 12.8"],
            IconName::Eye => {
                &["M2 12s3.5-7 10-7 10 7 10 7-3.5 7-10 7S2 12 2 12Z", "M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6Z"]
            }
            IconName::Euro => &["M17.5 6.5A7 7 0 0 0 6.5 12a7 7 0 0 0 11 5.5", "M4 10h9", "M4 14h9"],
            IconName::Hash => &["M10 4 8 20", "M16 4l-2 16", "M5 9h15", "M4 15h15"],
            IconName::Play => &["M7 4.5v15L19 12 7 4.5Z"],
            IconName::Pause => &["M8.5 5v14", "M15.5 5v14"],
        }
    }
}

#[component]
pub fn Icon(name: IconName, #[prop(optional, into)] class: String) -> impl IntoView {
    view! {
        <svg class=class viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="1.75" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">
            {name.paths().iter().map(|d| view! { <path d=*d></path> }).collect_view()}
        </svg>
    }
}
