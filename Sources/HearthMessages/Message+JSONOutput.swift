// The catalogue (Message.swift): output for scripts (`--json`, `--jsonl`, `-` for stdin and stdout).

extension Message {
    public static var recoveryKeyNotInJSON: Message {
        Message("""
            A new recovery key is printed alone on stdout, never inside JSON.
            Leave out --json to make it; `hearth key list --json` shows the slot afterwards.
            """)
    }
    public static var jsonOrJSONLines: Message { Message("Give --json or --jsonl, not both.") }
}
