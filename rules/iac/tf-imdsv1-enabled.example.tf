# gatehouse-example-path: infra/ec2.tf
resource "aws_instance" "web" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
  metadata_options {
    # expect: iac/tf-imdsv1-enabled
    http_tokens = "optional"
  }
}

resource "aws_launch_template" "workers" {
  image_id = "ami-0123456789abcdef0"
  metadata_options {
    # ok: iac/tf-imdsv1-enabled
    http_tokens   = "required"
    # ok: iac/tf-imdsv1-enabled
    http_endpoint = "enabled"
  }
}
