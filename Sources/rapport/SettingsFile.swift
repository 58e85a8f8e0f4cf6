import RapportModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The settings every command reads from `$XDG_CONFIG_HOME/rapport/config`
/// (docs/CONFIG.md). A missing file gives the defaults; a bad line stops the command
/// with `FILE:LINE: reason`.
enum SettingsFile {
    static func load(environment: [String: String]) throws -> Settings {
        let path = Config.path(environment: environment)
        guard let text = readText(path) else { return Settings() }
        do {
            return try Settings.parse(text, file: path)
        } catch {
            throw UserError(error.description)
        }
    }

    private static func readText(_ path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = fread(&buffer, 1, buffer.count, file)
            if n <= 0 { break }
            bytes += buffer[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
