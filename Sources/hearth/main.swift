import HearthCLI

Hearth.runMain()
