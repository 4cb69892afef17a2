"""What ties the casebook to MkDocs: the plugin, its options (defined once, in `config`), and
the configuration reference written from them."""
