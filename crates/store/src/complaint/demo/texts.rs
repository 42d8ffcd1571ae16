//! The words of demo complaints: everyday matters of a village office, and made-up names that
//! belong to nobody (a given name and a family name drawn apart, marked as an example).

/// `(title, description, place, resolution wanted)`, as many as `story::TOPICS`.
pub(crate) const TOPICS: [(&str, &str, &str, &str); 12] = [
    (
        "Lampu jalan padam",
        "Lampu penerangan jalan di dekat pertigaan sudah padam sejak minggu lalu, jalan gelap di malam hari.",
        "Jalan desa dekat pertigaan",
        "Lampu diperbaiki",
    ),
    (
        "Surat pengantar belum selesai",
        "Surat pengantar yang diajukan sudah lewat beberapa hari namun belum juga bisa diambil di kantor desa.",
        "Kantor desa",
        "Surat diselesaikan",
    ),
    (
        "Jalan berlubang",
        "Jalan menuju dusun berlubang cukup dalam dan membahayakan pengendara motor saat hujan.",
        "Jalan dusun",
        "Jalan ditambal",
    ),
    (
        "Saluran air tersumbat",
        "Saluran air di samping jalan tersumbat sampah sehingga air meluap ke rumah warga saat hujan.",
        "Saluran di RT 02",
        "Saluran dibersihkan",
    ),
    (
        "Bantuan sosial tidak tepat sasaran",
        "Ada warga mampu yang menerima bantuan sementara keluarga yang membutuhkan tidak terdata.",
        "RW 03",
        "Data penerima diperiksa ulang",
    ),
    (
        "Sampah menumpuk",
        "Sampah di tempat pembuangan sementara tidak diangkut sudah dua minggu dan menimbulkan bau.",
        "TPS dekat pasar",
        "Sampah diangkut rutin",
    ),
    (
        "Pelayanan kantor desa tutup",
        "Kantor desa tutup pada jam pelayanan sehingga warga tidak bisa mengurus surat.",
        "Kantor desa",
        "Jam pelayanan ditepati",
    ),
    (
        "Air bersih tidak mengalir",
        "Air dari sarana air bersih desa tidak mengalir ke rumah warga sejak tiga hari.",
        "Dusun bagian atas",
        "Aliran air diperbaiki",
    ),
    (
        "Informasi anggaran desa",
        "Mohon informasi penggunaan dana desa tahun ini untuk pembangunan jalan.",
        "Desa",
        "Informasi disampaikan",
    ),
    (
        "Jembatan kecil rusak",
        "Papan jembatan kecil di atas sungai sudah lapuk dan berbahaya bagi anak sekolah.",
        "Jembatan dekat sekolah",
        "Jembatan diperbaiki",
    ),
    (
        "Usulan kegiatan pemuda",
        "Pemuda mengusulkan kegiatan pelatihan keterampilan di balai desa.",
        "Balai desa",
        "Usulan dibahas dalam musyawarah",
    ),
    (
        "Pohon tumbang",
        "Pohon besar tumbang menutup sebagian jalan setelah hujan angin.",
        "Jalan menuju sawah",
        "Pohon disingkirkan",
    ),
];

const LANDMARKS: [&str; 8] = ["warung", "rumah", "kandang", "kolam", "bengkel", "toko", "kebun", "pos ronda"];
const SYLLABLES: [&str; 20] = [
    "ka", "ra", "mu", "si", "to", "wa", "le", "bo", "na", "gi", "pu", "de", "ja", "ti", "ko", "se", "ma", "lu", "ne",
    "ba",
];

/// A landmark named by a made-up word, one of 64,000: the rare words of demo cases, each held by
/// a few of them, so that a search for one is a search for a needle.
pub(crate) fn landmark(n: u64) -> String {
    let k = n.wrapping_mul(2_654_435_761) % 64_000;
    let word: String = [k % 20, (k / 20) % 20, (k / 400) % 20].iter().map(|i| SYLLABLES[*i as usize]).collect();
    format!("Patokan: {} Pak {word}.", LANDMARKS[((k / 8_000) % 8) as usize])
}

const GIVEN: [&str; 12] =
    ["Adi", "Budi", "Citra", "Dewi", "Eko", "Fitri", "Gita", "Hadi", "Indah", "Joko", "Kartika", "Lestari"];
const FAMILY: [&str; 8] = ["Contoh", "Percobaan", "Sampel", "Uji", "Peraga", "Ilustrasi", "Teladan", "Model"];

/// A made-up name, plainly an example.
pub(crate) fn name(n: u64) -> String {
    format!("{} {} (contoh)", GIVEN[(n % 12) as usize], FAMILY[((n / 12) % 8) as usize])
}

pub(crate) fn address(n: u64) -> String {
    format!("RT {:02} RW {:02} Dusun Contoh", n % 9 + 1, (n / 9) % 5 + 1)
}
