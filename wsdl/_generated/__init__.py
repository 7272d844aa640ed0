"""Generated spyne service modules; see wsdl/generate.py. Do not edit."""
