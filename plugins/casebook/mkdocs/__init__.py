"""What ties the casebook to MkDocs: its options as MkDocs' configuration reads them."""
