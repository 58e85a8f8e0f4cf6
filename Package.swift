// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Rapport",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "rapport", targets: ["rapport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CNcursesw",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncurses-dev"]), .brew(["ncurses"])]
        ),
        // One inline function: a cache prefetch hint, which Swift has no spelling for.
        .target(name: "CPrefetch"),
        // Inline functions that mark a journal line's spaces, quotes and equals signs
        // sixteen bytes at a time (SSE2, with a portable fallback).
        .target(name: "CLineMarks"),
        .target(name: "RapportModel", dependencies: ["CPrefetch"]),
        .target(name: "RapportJournal", dependencies: ["RapportModel", "CLineMarks"]),
        .target(name: "RapportTUI", dependencies: ["RapportModel", "RapportJournal", "CNcursesw"]),
        .executableTarget(
            name: "rapport",
            dependencies: [
                "RapportModel", "RapportJournal", "RapportTUI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "CSV", package: "CSV.swift"),
            ]
        ),
        .testTarget(name: "RapportModelTests", dependencies: ["RapportModel"]),
        .testTarget(name: "RapportJournalTests", dependencies: ["RapportJournal", "RapportModel", "CLineMarks"]),
        .testTarget(name: "RapportTUITests", dependencies: ["RapportTUI", "RapportModel", "RapportJournal"], exclude: ["Dashboard/Snapshots"]),
        .testTarget(name: "RapportEndToEndTests", dependencies: ["RapportModel", "RapportJournal"]),
    ],
    swiftLanguageModes: [.v6]
)
