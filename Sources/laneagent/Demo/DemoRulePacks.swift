/// The demo's rule packs, written into its temporary directory: the shape of
/// `deploy/rules/default.toml`, tuned so the scripted crossings show each outcome.
enum DemoRulePacks {
    static let cargo = """
        # Demo pack for the simulated Huu Nghi cargo lane.
        [pack]
        name = "demo-huu-nghi-cargo"
        version = "2026.11.23"

        [thresholds]
        weight_tolerance_percent = 5.0
        plate_min_confidence = 0.80
        face_min_score = 0.80
        liveness_required = false
        fingerprint_required = false
        repeat_window_seconds = 10          # short, so the demo's repeated plates are decided on their merits
        reference_max_age_seconds = 86400
        collect_timeout_seconds = 8

        [thresholds.gross_limit_kg]
        "2" = 16000
        "3" = 24000
        "4" = 30000
        "5" = 40000

        [require]
        cargo = ["plate", "weight", "container", "scan", "declaration"]
        people = ["document", "face"]

        [outcomes]
        "weight.declared" = "HOLD"
        "weight.axle_limit" = "HOLD"
        "scan.verdict" = "HOLD"
        "watchlist" = "HOLD"

        """

    static let people = """
        # Demo pack for the simulated Bac Luan people lane. The simulated Hikvision terminal, like
        # the real ones, sends a verdict by its own threshold and no score or liveness flag (its
        # anti-spoofing refuses spoofs on the device): this pack takes its word for both, because
        # the demo's face-1 declares liveness_check = true.
        [pack]
        name = "demo-bac-luan-people"
        version = "2026.11.23"

        [thresholds]
        face_min_score = 0.80
        liveness_required = true
        accept_terminal_face_verdict = true
        accept_terminal_liveness = true
        fingerprint_required = false
        repeat_window_seconds = 10
        reference_max_age_seconds = 86400
        collect_timeout_seconds = 6

        [require]
        cargo = ["plate", "weight", "container", "scan", "declaration"]
        # Every passport's chip is read and proven (the demo's people lane has a chip reader).
        people = ["document", "document.chip", "face"]

        [outcomes]
        "watchlist" = "HOLD"
        "document.chip_authentic" = "HOLD"
        "document.chip_mrz_match" = "HOLD"
        "document.chip_genuine" = "HOLD"

        """
}
