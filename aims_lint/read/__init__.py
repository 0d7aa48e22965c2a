"""Reading a repository: list its files, classify their names, read them safely and adapt them into an Inventory."""
