"""casebook: customer-experience case studies as an MkDocs playbook."""

__version__ = "0.1.0"
